package io.virtpath.analysis.read.fio;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.analysis.read.InputException;
import io.virtpath.analysis.read.ToolJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of fio printed with {@code --output-format=json} (fio 3.x; {@code json+} too, its
 * extra latency bins are not read). Read as data, without fio: users point virtpath at their own
 * fio outputs, from any machine.
 *
 * @param fioVersion {@code "fio version"}, such as {@code fio-3.33}
 * @param timestampMs {@code timestamp_ms}: when fio wrote the output (ms since the epoch)
 * @param jobs in file order; with {@code numjobs} and without {@code group_reporting} fio writes
 *     one job per clone, under the same name
 */
public record FioReport(String fioVersion, long timestampMs, List<FioJob> jobs) {
  static final String TOOL = "fio (--output-format=json)";

  public FioReport {
    jobs = List.copyOf(jobs);
  }

  /**
   * Parses fio's JSON output; text before it (fio's notes on stdout) is skipped.
   *
   * @param source the file name, for messages
   * @throws InputException when the text is not fio JSON, is truncated, or a job failed ({@code
   *     "error"} not 0: its numbers would describe a run that did not happen as asked)
   */
  public static FioReport parse(String json, String source) throws InputException {
    Path file = Path.of(source);
    return of(ToolJson.object(json, file, TOOL), file);
  }

  /** The report in an object already parsed (the first one of the file). */
  public static FioReport of(JsonNode root, Path file) throws InputException {
    if (ToolJson.kind(root) != ToolJson.Kind.FIO) {
      throw new InputException(file, "not fio JSON output: no \"fio version\""
          + (ToolJson.kind(root) == ToolJson.Kind.IPERF3 ? " (this is iperf3 output)" : ""));
    }
    JsonNode jobs = root.get("jobs");
    if (jobs == null || !jobs.isArray() || jobs.isEmpty()) {
      throw new InputException(file, "no \"jobs\" in the fio output: fio ran no job");
    }
    Map<String, String> globals = new LinkedHashMap<>();
    JsonNode g = root.get("global options");
    if (g != null && g.isObject()) {
      g.fields().forEachRemaining(e -> globals.put(e.getKey(), e.getValue().asText()));
    }
    List<FioJob> out = new ArrayList<>(jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      out.add(FioJob.of(jobs.get(i), globals, file, i));
    }
    JsonNode ts = root.get("timestamp_ms");
    long timestampMs = ts != null && ts.canConvertToLong() ? ts.asLong()
        : root.path("timestamp").asLong(0) * 1000; // fio before 3.5 wrote only seconds
    return new FioReport(root.get("fio version").asText(), timestampMs, out);
  }
}
