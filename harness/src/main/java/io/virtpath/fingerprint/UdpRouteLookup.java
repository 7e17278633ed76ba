package io.virtpath.fingerprint;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;
import java.util.List;

/**
 * connect() on a UDP socket makes the kernel pick a route and a source address without sending a
 * packet; the interface owning that address is the one the benchmark traffic will leave by.
 */
final class UdpRouteLookup implements RouteLookup {

  @Override
  public Route find(String host, int port, List<String> notes) {
    InetAddress local;
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.connect(new InetSocketAddress(host, port));
      local = ((InetSocketAddress) ch.getLocalAddress()).getAddress();
    } catch (IOException | RuntimeException e) {
      notes.add("network: no route to " + host + ":" + port + " (" + e + ")");
      return null;
    }
    try {
      NetworkInterface nic = NetworkInterface.getByInetAddress(local);
      if (nic == null) {
        notes.add("network.interfaceName unknown: no interface owns source address " + local);
        return new Route(null, local.getHostAddress(), null);
      }
      return new Route(nic.getName(), local.getHostAddress(), mtu(nic));
    } catch (SocketException e) {
      notes.add("network.interfaceName unknown: " + e.getMessage());
      return new Route(null, local.getHostAddress(), null);
    }
  }

  private static Integer mtu(NetworkInterface nic) {
    try {
      int mtu = nic.getMTU();
      return mtu > 0 ? mtu : null;
    } catch (SocketException e) {
      return null;
    }
  }
}
