package io.virtpath.runner.counters;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The guest's half of the host counters (docs/results-format.md, "host-counters.json"): a line
 * before and after each measured iteration on the file {@value #ENV} names — the lab sets it to the
 * serial console, and the host takes a snapshot of QEMU's threads the moment it reads the line.
 *
 * <pre>
 * VIRTPATH-ITER begin MODE BENCHMARK PARAMS ITERATION
 * VIRTPATH-ITER end MODE BENCHMARK PARAMS ITERATION OPS GUESTNANOS
 * </pre>
 *
 * Each line has a newline before it too: the serial console is shared with the run's progress
 * output, and a mark must not be glued to the end of someone else's half-written line. One write
 * and one flush per line (no buffer that could hold a mark back until the next iteration).
 *
 * <p>Never fails the benchmark: a file that cannot be opened or written gets one line on stderr,
 * then the marks stop silently.
 */
public final class IterationMarks {
  /** The environment variable that names the file; unset, no marks are written. */
  public static final String ENV = "VIRTPATH_ITERATION_MARKS";
  public static final String PREFIX = "VIRTPATH-ITER";

  private final String path;
  private OutputStream out;
  private boolean broken;

  /** @param path the file to append to; null writes nothing */
  public IterationMarks(String path) {
    this.path = path;
  }

  /** The marks the environment asks for (none when {@value #ENV} is unset or empty). */
  public static IterationMarks fromEnvironment() {
    String p = System.getenv(ENV);
    return new IterationMarks(p == null || p.isBlank() ? null : p);
  }

  public boolean enabled() {
    return path != null && !broken;
  }

  public void begin(BenchmarkParams b, int iteration) {
    write(beginLine(b.getMode().shortLabel(), b.getBenchmark(), params(b), iteration));
  }

  public void end(BenchmarkParams b, int iteration, long ops, long guestNanos) {
    write(endLine(b.getMode().shortLabel(), b.getBenchmark(), params(b), iteration, ops, guestNanos));
  }

  static String beginLine(String mode, String benchmark, String params, int iteration) {
    return PREFIX + " begin " + mode + " " + benchmark + " " + params + " " + iteration;
  }

  static String endLine(String mode, String benchmark, String params, int iteration, long ops, long guestNanos) {
    return PREFIX + " end " + mode + " " + benchmark + " " + params + " " + iteration + " " + ops + " " + guestNanos;
  }

  /** The benchmark's parameters as one word: {@code -} when it has none, else {@code k=v,k=v}. */
  static String params(BenchmarkParams b) {
    Collection<String> keys = b.getParamsKeys();
    if (keys.isEmpty()) {
      return "-";
    }
    StringJoiner j = new StringJoiner(",");
    for (String k : keys) {
      j.add(encode(k) + "=" + encode(b.getParam(k)));
    }
    return j.toString();
  }

  /** {@code -} or {@code k=v,k=v} of {@code params} in their iteration order. */
  static String params(Map<String, String> params) {
    if (params.isEmpty()) {
      return "-";
    }
    StringJoiner j = new StringJoiner(",");
    params.forEach((k, v) -> j.add(encode(k) + "=" + encode(v)));
    return j.toString();
  }

  /**
   * Percent-encodes what would break the line's words or the list: '%' first (so a decoded value
   * is the original), space, ',', '=', and any other control character or whitespace.
   */
  static String encode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      int u = c & 0xff;
      if (u == '%' || u == ' ' || u == ',' || u == '=' || u < 0x21 || u == 0x7f) {
        out.append('%').append(String.format("%02X", u));
      } else {
        out.append((char) u);
      }
    }
    // non-ASCII bytes were appended one by one as chars: put the UTF-8 back together
    return new String(out.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  private void write(String line) {
    if (!enabled()) {
      return;
    }
    try {
      if (out == null) {
        out = new FileOutputStream(path, true);
      }
      out.write(("\n" + line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException | SecurityException e) {
      broken = true;
      System.err.println("virtpath counters: no iteration marks on " + path + " from now on: " + e.getMessage());
    }
  }
}
