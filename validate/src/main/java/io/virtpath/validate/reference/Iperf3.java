package io.virtpath.validate.reference;

import io.virtpath.analysis.read.InputException;
import io.virtpath.analysis.read.iperf3.Iperf3Report;
import io.virtpath.lab.proc.ChildProcess;
import io.virtpath.validate.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The stream reference: iperf3 sending TCP in 64 KiB writes, as virtpath's stream benchmark does,
 * to an iperf3 server on the same path as virtpath's peer. The figure is the sender's
 * ({@code sum_sent}): virtpath counts bytes its send() calls accepted too. iperf3's own warm-up
 * ({@code --omit}) is left out of its figure as JMH's warm-up is.
 */
public record Iperf3(String host, int port) {
  /** What the server prints once it listens (--forceflush: iperf3 buffers stdout otherwise). */
  public static final String READY = "Server listening";

  /** The server's command line (the lab runs the same one in its namespace). */
  public static List<String> serverCommand(String host, int port) {
    return List.of("iperf3", "--server", "--forceflush", "--bind", host, "--port", String.valueOf(port));
  }

  /** An iperf3 server on this client's host:port, here. */
  public ChildProcess startServer(Path logDir) throws IOException {
    return ChildProcess.start("iperf3-server", serverCommand(host, port), logDir);
  }

  public List<String> command(Timing t) {
    return List.of("iperf3", "--client", host, "--port", String.valueOf(port), "--json", "--len", "64K",
        "--time", String.valueOf(t.wholeMeasureSeconds()), "--omit", String.valueOf(t.wholeWarmupSeconds()));
  }

  /** MB/s (10^6 bytes per second). */
  public double measure(Pair pair, Timing t, Path raw) throws IOException {
    if (pair != Pair.TCP_STREAM) {
      throw new IllegalArgumentException(pair + " is not an iperf3 pair");
    }
    String json;
    try {
      json = ToolRun.run(command(t), ToolRun.timeoutFor(t), raw);
    } catch (ToolFailure e) {
      // iperf3 -J writes its error into the JSON on stdout and exits 1: show that, not "exit 1"
      throw new ToolFailure(e.getMessage() + errorFrom(raw));
    }
    return figure(json, raw.getFileName().toString());
  }

  static double figure(String json, String source) throws ToolFailure {
    try {
      return Iperf3Report.parse(json, source).sentBitsPerSec() / 8 / 1e6;
    } catch (InputException e) {
      throw new ToolFailure("iperf3: " + e.getMessage());
    }
  }

  private static String errorFrom(Path raw) {
    try {
      Iperf3Report.parse(java.nio.file.Files.readString(raw), raw.getFileName().toString());
      return "";
    } catch (InputException | IOException e) {
      return "; " + e.getMessage();
    }
  }
}
