package io.virtpath.fingerprint;

import io.virtpath.core.UsageException;
import io.virtpath.core.record.Fingerprint.NetworkPath;
import java.util.List;

/** The route to the peer (from the real routing table) and what that interface is (from sysfs). */
final class NetworkDetector {
  private final RouteLookup routes;
  private final InterfaceInspector interfaces;
  private final List<String> notes;

  NetworkDetector(RootFs fs, RouteLookup routes, List<String> notes) {
    this.routes = routes;
    this.interfaces = new InterfaceInspector(fs, notes);
    this.notes = notes;
  }

  NetworkPath detect(String peer, String peerMode) {
    HostPort hp = HostPort.parse(peer);
    Route route = routes.find(hp.host(), hp.port(), notes);
    if (route == null || route.interfaceName() == null) {
      return new NetworkPath(
          peer, peerMode, null, null, null, route == null ? null : route.sourceAddress());
    }
    InterfaceInspector.Interface nic = interfaces.inspect(route.interfaceName());
    Integer mtu = nic.mtu() != null ? nic.mtu() : route.mtu();
    return new NetworkPath(
        peer, peerMode, route.interfaceName(), nic.driver(), mtu, route.sourceAddress());
  }

  /** HOST:PORT, with IPv6 literals in brackets ("[::1]:9"). */
  record HostPort(String host, int port) {
    static HostPort parse(String s) {
      String v = s.strip();
      int colon = v.lastIndexOf(':');
      if (colon <= 0 || colon == v.length() - 1) {
        throw bad(s);
      }
      String host = v.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.contains(":")) {
        throw bad(s);
      }
      int port;
      try {
        port = Integer.parseInt(v.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw bad(s);
      }
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw bad(s);
      }
      return new HostPort(host, port);
    }

    private static UsageException bad(String s) {
      return new UsageException(
          "peer \""
              + s
              + "\" is not HOST:PORT; write e.g. 127.0.0.1:7000 or [::1]:7000 (port 1-65535)");
    }
  }
}
