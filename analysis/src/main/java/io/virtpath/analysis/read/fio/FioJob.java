package io.virtpath.analysis.read.fio;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.analysis.read.InputException;
import io.virtpath.analysis.read.ToolJson;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One job of a fio run. The options are those written in the output ({@code "job options"} over
 * {@code "global options"}): fio writes only the options that were given, so an option left at
 * fio's default is null here.
 *
 * @param rw the I/O pattern ({@code randread}, {@code write}, {@code randrw} ...), or null
 * @param bs the block size in bytes, or null when not given or given per direction with two values
 * @param jobRuntimeMs {@code job_runtime}: how long the job ran, in ms
 */
public record FioJob(
    String name,
    String rw,
    Long bs,
    Integer iodepth,
    String ioengine,
    FioSide read,
    FioSide write,
    double jobRuntimeMs) {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgtp]?)(i?)(b?)");

  static FioJob of(JsonNode job, Map<String, String> globals, Path file, int index) throws InputException {
    if (!job.isObject()) {
      throw new InputException(file, "jobs[" + index + "]: expected an object");
    }
    JsonNode n = job.get("jobname");
    if (n == null || !n.isTextual()) {
      throw new InputException(file, "jobs[" + index + "]: missing \"jobname\"");
    }
    String name = n.asText();
    String at = "job '" + name + "'";
    long error = job.path("error").asLong(0);
    if (error != 0) {
      throw new InputException(file, at + " failed: fio reports error " + error + " (an errno value; fio's stderr "
          + "names the cause), so its numbers are not a measurement");
    }
    Map<String, String> options = new LinkedHashMap<>(globals);
    JsonNode o = job.get("job options");
    if (o != null && o.isObject()) {
      o.fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
    }
    return new FioJob(
        name,
        options.get("rw") != null ? options.get("rw") : options.get("readwrite"),
        bytes(options.get("bs") != null ? options.get("bs") : options.get("blocksize"), options.get("kb_base")),
        integer(options.get("iodepth")),
        options.get("ioengine"),
        side(job, "read", file, at),
        side(job, "write", file, at),
        ToolJson.number(job, "job_runtime", file, at));
  }

  /**
   * A fio size ({@code 4k}, {@code 1m}, {@code 4096}, {@code 64KiB}) in bytes, or null when it is
   * not one size. fio's default {@code kb_base=1024} makes {@code k} 1024 and, for compatibility
   * with old job files, {@code ki}/{@code KiB} 1000; {@code kb_base=1000} swaps them (fio HOWTO,
   * "Parameter types"). {@code 4k,8k} (read and write sizes) is a size only when both are equal.
   */
  public static Long bytes(String text, String kbBase) {
    if (text == null) {
      return null;
    }
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split(",");
    Long first = null;
    for (String part : parts) {
      Long b = oneSize(part.trim(), "1000".equals(kbBase != null ? kbBase.trim() : null));
      if (b == null || (first != null && !first.equals(b))) {
        return null;
      }
      first = b;
    }
    return first;
  }

  private static Long oneSize(String s, boolean decimalBase) {
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) {
      return null;
    }
    int power = m.group(2).isEmpty() ? 0 : "kmgtp".indexOf(m.group(2)) + 1;
    boolean binary = m.group(3).isEmpty() != decimalBase; // fio's reversed default, see above
    try {
      long v = Long.parseLong(m.group(1));
      for (int i = 0; i < power; i++) {
        v = Math.multiplyExact(v, binary ? 1024L : 1000L);
      }
      return v;
    } catch (ArithmeticException | NumberFormatException tooLarge) {
      return null;
    }
  }

  private static Integer integer(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static FioSide side(JsonNode job, String name, Path file, String at) throws InputException {
    JsonNode s = job.get(name);
    if (s == null || !s.isObject()) {
      throw new InputException(file, at + ": missing \"" + name + "\"");
    }
    String where = at + ", " + name;
    // fio 3.x writes clat_ns; fio 2.x wrote clat in microseconds
    JsonNode clat = s.get("clat_ns");
    double toNs = 1;
    if (clat == null && s.has("clat")) {
      clat = s.get("clat");
      toNs = 1000;
    }
    double mean = Double.NaN;
    Map<String, Double> percentiles = new LinkedHashMap<>();
    if (clat != null && clat.isObject()) {
      mean = clat.path("mean").isNumber() ? clat.get("mean").doubleValue() * toNs : Double.NaN;
      JsonNode p = clat.get("percentile");
      if (p != null && p.isObject()) {
        for (var it = p.fields(); it.hasNext(); ) {
          var e = it.next();
          if (e.getValue().isNumber()) {
            percentiles.put(e.getKey(), e.getValue().doubleValue() * toNs);
          }
        }
      }
    }
    return new FioSide(
        (long) ToolJson.number(s, "total_ios", file, where),
        ToolJson.number(s, "iops", file, where),
        ToolJson.number(s, "bw_bytes", file, where),
        ToolJson.number(s, "runtime", file, where),
        mean,
        percentiles);
  }

}
