package io.virtpath.validate;

import io.virtpath.core.Resources;
import io.virtpath.peer.Peer;
import io.virtpath.bench.network.PeerAddress;
import io.virtpath.validate.reference.Iperf3;
import io.virtpath.validate.reference.Sockperf;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The three servers the network pairs talk to, on one address: virtpath's peer, a sockperf server
 * and an iperf3 server. Local ones (loopback, on free ports) are started here, each a process of
 * its own like the reference tools' servers; in a lab target they run in the lab's namespace on
 * {@link ValidateOptions.Ports} and are only checked.
 *
 * @param local true when this validation starts the servers itself
 */
record Peers(boolean local, String peer, Sockperf sockperf, Iperf3 iperf3) {
  private static final Duration SERVER_START = Duration.ofSeconds(20);

  static Peers plan(String peerHost) throws IOException {
    if (peerHost == null) {
      String host = InetAddress.getLoopbackAddress().getHostAddress();
      return new Peers(true, host + ":" + freePort(), new Sockperf(host, freePort()), new Iperf3(host, freePort()));
    }
    return new Peers(false, peerHost + ":" + ValidateOptions.Ports.VIRTPATH_PEER,
        new Sockperf(peerHost, ValidateOptions.Ports.SOCKPERF), new Iperf3(peerHost, ValidateOptions.Ports.IPERF3));
  }

  String mode() {
    return local ? "in-process" : "external";
  }

  /** What the manifest records about them. */
  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("peer", peer);
    m.put("peerMode", mode());
    m.put("sockperf", sockperf.host() + ":" + sockperf.port());
    m.put("iperf3", iperf3.host() + ":" + iperf3.port());
    return m;
  }

  /** An external peer must answer before anything is written (a usage error otherwise). */
  void checkExternal(PrintStream console) {
    if (!local) {
      console.println("checking peer " + peer + " ...");
      PeerAddress.checkReachable(peer, Duration.ofSeconds(5));
    }
  }

  /** Starts the local servers (registered in {@code res}) and waits until each listens. */
  void startLocal(Resources res, Path logDir, PrintStream console) throws IOException, InterruptedException {
    if (!local) {
      return;
    }
    res.add(Peer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), PeerAddress.parse(peer).port())));
    res.add(sockperf.startServer(logDir)).awaitOutput(Sockperf.READY, SERVER_START);
    res.add(iperf3.startServer(logDir)).awaitOutput(Iperf3.READY, SERVER_START);
    console.println("started peers on loopback: virtpath " + peer + ", sockperf :" + sockperf.port()
        + ", iperf3 :" + iperf3.port() + " (logs in " + logDir + ")");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
