package io.virtpath.cli;

import io.virtpath.peer.Peer;
import io.virtpath.bench.network.PeerAddress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "peer",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the network suite: TCP echo, sink and connect/close, and UDP echo, on one port number.",
      "Runs until Ctrl-C or SIGTERM, then closes every connection and prints a summary."
    })
final class PeerCommand implements Callable<Integer> {
  private final PrintStream out;

  PeerCommand(PrintStream out) {
    this.out = out;
  }

  @Option(names = "--listen", paramLabel = "ADDR:PORT", required = true,
      description = "address and port to listen on (TCP and UDP), e.g. 0.0.0.0:7777 or [::]:7777; port 0 picks a free one")
  String listen;

  @Option(names = "--summary-every", paramLabel = "SECONDS", defaultValue = "10",
      description = "seconds between traffic summaries (only when there was traffic). Default: ${DEFAULT-VALUE}")
  int summarySeconds;

  @Option(names = "--max-connections", paramLabel = "N", defaultValue = "256",
      description = "TCP connections served at once; more are closed at once and counted as refused in the summary. Default: ${DEFAULT-VALUE}")
  int maxConnections;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "close a TCP connection that sent nothing for this long. Default: ${DEFAULT-VALUE}")
  long idleTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    // Checked before binding: a bad limit must not leave a half-started peer.
    Peer.Limits limits = new Peer.Limits(maxConnections, Duration.ofSeconds(idleTimeoutSeconds));
    Peer peer = Peer.start(PeerAddress.parseListen(listen).resolve(), limits);
    // Ctrl-C and SIGTERM do not interrupt the main thread; the hook closes the peer, which ends serve().
    Thread hook = new Thread(() -> {
      peer.close();
      out.println("peer stopped: " + peer.stats());
      out.flush();
    }, "virtpath-peer-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("listening on " + new PeerAddress(peer.address().getAddress().getHostAddress(), peer.address().getPort())
        + " (tcp echo/sink/connect + udp echo; at most " + limits.maxConnections() + " connections, idle ones closed after "
        + idleTimeoutSeconds + " s); Ctrl-C to stop");
    out.flush();
    peer.serve(out, Duration.ofSeconds(Math.max(1, summarySeconds)));
    return Main.OK;
  }
}
