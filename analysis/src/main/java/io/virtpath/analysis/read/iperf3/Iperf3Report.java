package io.virtpath.analysis.read.iperf3;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.analysis.read.InputException;
import io.virtpath.analysis.read.ToolJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the iperf3 client printed with {@code -J} (iperf3 3.x, TCP or UDP, one direction; the two
 * directions of {@code --bidir} are not told apart). The sums are over all streams ({@code -P}).
 *
 * @param version {@code start.version}, such as {@code iperf 3.12}
 * @param protocol {@code TCP} or {@code UDP}
 * @param blockSize {@code start.test_start.blksize}: bytes per write ({@code -l})
 * @param durationSeconds the sender's measured time, {@code end.sum_sent.seconds}
 * @param sentBitsPerSec {@code end.sum_sent.bits_per_second}: what the sender wrote
 * @param receivedBitsPerSec {@code end.sum_received.bits_per_second}: what arrived
 * @param intervalBitsPerSec {@code intervals[].sum.bits_per_second}, without the intervals {@code
 *     -O} omits. They are measured where the client runs: at the sender, or at the receiver with
 *     {@code -R} (see {@link #intervalsAtSender()}). Successive intervals of one connection are
 *     not independent measurements.
 * @param retransmits {@code end.sum_sent.retransmits}; 0 when absent (UDP)
 * @param reverse {@code -R}: the server sent, the client received
 * @param streams {@code start.test_start.num_streams} ({@code -P})
 * @param targetBitsPerSec {@code start.test_start.target_bitrate} ({@code -b}); 0 for unlimited
 * @param timestampSeconds {@code start.timestamp.timesecs}: when the test started
 */
public record Iperf3Report(
    String version,
    String protocol,
    long blockSize,
    double durationSeconds,
    double sentBitsPerSec,
    double receivedBitsPerSec,
    List<Double> intervalBitsPerSec,
    long retransmits,
    boolean reverse,
    int streams,
    long targetBitsPerSec,
    long timestampSeconds) {
  static final String TOOL = "iperf3 (-J)";

  public Iperf3Report {
    intervalBitsPerSec = List.copyOf(intervalBitsPerSec);
  }

  /**
   * Parses iperf3's JSON output.
   *
   * @param source the file name, for messages
   * @throws InputException with iperf3's own words when it reports an {@code "error"} (it writes
   *     one JSON object even when it could not connect), or when the text is not iperf3 JSON
   */
  public static Iperf3Report parse(String json, String source) throws InputException {
    Path file = Path.of(source);
    return of(ToolJson.object(json, file, TOOL), file);
  }

  /** The report in an object already parsed. */
  public static Iperf3Report of(JsonNode root, Path file) throws InputException {
    JsonNode error = root.get("error");
    if (error != null && !error.isNull() && root.has("start")) {
      throw new InputException(file, "iperf3 reported an error: " + error.asText());
    }
    if (ToolJson.kind(root) != ToolJson.Kind.IPERF3) {
      throw new InputException(file, "not iperf3 JSON output: expected \"start\", \"intervals\" and \"end\""
          + (ToolJson.kind(root) == ToolJson.Kind.FIO ? " (this is fio output)" : ""));
    }
    JsonNode test = root.path("start").path("test_start");
    if (!test.isObject()) {
      throw new InputException(file, "start: missing \"test_start\"");
    }
    JsonNode end = root.get("end");
    // UDP in iperf3 before 3.8 wrote only end.sum
    JsonNode sent = end.has("sum_sent") ? end.get("sum_sent") : end.get("sum");
    JsonNode received = end.has("sum_received") ? end.get("sum_received") : end.get("sum");
    if (sent == null || !sent.isObject() || received == null || !received.isObject()) {
      throw new InputException(file, "end: missing \"sum_sent\" and \"sum_received\" (did the test finish?)");
    }
    List<Double> intervals = new ArrayList<>();
    JsonNode iv = root.get("intervals");
    for (int i = 0; iv.isArray() && i < iv.size(); i++) {
      JsonNode sum = iv.get(i).path("sum");
      if (!sum.path("omitted").asBoolean(false)) {
        intervals.add(ToolJson.number(sum, "bits_per_second", file, "intervals[" + i + "].sum"));
      }
    }
    String protocol = test.path("protocol").asText("");
    if (protocol.isEmpty()) {
      throw new InputException(file, "start.test_start: missing \"protocol\"");
    }
    return new Iperf3Report(
        root.path("start").path("version").asText(null),
        protocol,
        test.path("blksize").asLong(0),
        ToolJson.number(sent, "seconds", file, "end.sum_sent"),
        ToolJson.number(sent, "bits_per_second", file, "end.sum_sent"),
        ToolJson.number(received, "bits_per_second", file, "end.sum_received"),
        intervals,
        sent.path("retransmits").asLong(0),
        test.path("reverse").asInt(0) != 0,
        test.path("num_streams").asInt(1),
        test.path("target_bitrate").asLong(0),
        root.path("start").path("timestamp").path("timesecs").asLong(0));
  }

  /**
   * Whether the intervals were measured at the sender: the client writes its own view, and the
   * client sends unless {@code -R}.
   */
  public boolean intervalsAtSender() {
    return !reverse;
  }

}
