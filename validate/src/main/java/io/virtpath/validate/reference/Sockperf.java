package io.virtpath.validate.reference;

import io.virtpath.lab.proc.ChildProcess;
import io.virtpath.validate.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The round-trip reference: sockperf ping-pong over TCP against a sockperf server on the same
 * path as virtpath's peer. The client sends, then blocks in recvfrom() (sockperf says so: "using
 * recvfrom() to block on socket(s)"), as virtpath's benchmark blocks in recv(); Nagle is off on
 * both. sockperf's smallest message is 14 bytes (its header), so the 1-byte benchmark is compared
 * with 14 bytes: a 13-byte difference is far below what a round trip costs.
 */
public record Sockperf(String host, int port) {
  public static final int MIN_MESSAGE = 14;
  /** What the server prints once it listens. */
  public static final String READY = "listen on";

  /** The server's command line (the lab runs the same one in its namespace). */
  public static List<String> serverCommand(String host, int port) {
    return List.of("sockperf", "server", "--tcp", "-i", host, "-p", String.valueOf(port));
  }

  /** A sockperf server on this client's host:port, here. */
  public ChildProcess startServer(Path logDir) throws IOException {
    return ChildProcess.start("sockperf-server", serverCommand(host, port), logDir);
  }

  public List<String> command(Pair pair, Timing t) {
    int size = switch (pair) {
      case TCP_RR_1B -> MIN_MESSAGE;
      case TCP_RR_1K -> 1024;
      default -> throw new IllegalArgumentException(pair + " is not a sockperf pair");
    };
    return List.of("sockperf", "ping-pong", "--tcp", "--full-rtt", "-i", host, "-p", String.valueOf(port),
        "-m", String.valueOf(size), "-t", String.valueOf(t.wholeMeasureSeconds()));
  }

  /** Median round trip, µs. */
  public double measure(Pair pair, Timing t, Path raw) throws IOException {
    SockperfOutput out = SockperfOutput.parse(ToolRun.run(command(pair, t), ToolRun.timeoutFor(t), raw));
    if (!out.fullRoundTrip()) {
      throw new ToolFailure("sockperf reported half round trips although --full-rtt was given");
    }
    return out.medianUs();
  }
}
