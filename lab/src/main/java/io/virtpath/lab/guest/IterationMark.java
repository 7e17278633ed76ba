package io.virtpath.lab.guest;

import io.virtpath.runner.counters.IterationMarks;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code VIRTPATH-ITER} line the guest's counters profiler writes on the serial console around
 * each measured iteration (harness {@code IterationMarks}; docs/results-format.md):
 *
 * <pre>
 * VIRTPATH-ITER begin MODE BENCHMARK PARAMS ITERATION
 * VIRTPATH-ITER end MODE BENCHMARK PARAMS ITERATION OPS GUESTNANOS
 * </pre>
 *
 * @param params decoded, in the guest's order
 * @param ops end marks only (else 0)
 * @param guestNanos end marks only: the guest's time between its two marks
 */
public record IterationMark(
    boolean begin, String mode, String benchmark, Map<String, String> params, int iteration, long ops, long guestNanos) {
  /** The guest's writer owns the line's format; the parser reads the same word. */
  public static final String PREFIX = IterationMarks.PREFIX;

  /** The benchmark the mark belongs to: the join key with metrics.json. */
  public record Key(String benchmark, String mode, Map<String, String> params) {}

  public Key key() {
    return new Key(benchmark, mode, params);
  }

  /**
   * The mark in a console line (from {@value #PREFIX} on; whatever precedes it is ignored).
   *
   * @throws IllegalArgumentException when the line has no mark or a garbled one (another
   *     writer's bytes in the middle of it)
   */
  public static IterationMark parse(String line) {
    int at = line.indexOf(PREFIX);
    if (at < 0) {
      throw new IllegalArgumentException("no " + PREFIX + " in '" + line + "'");
    }
    List<String> w = List.of(line.substring(at).strip().split("\\s+"));
    try {
      if (w.size() == 6 && w.get(1).equals("begin")) {
        return new IterationMark(true, w.get(2), w.get(3), params(w.get(4)), Integer.parseInt(w.get(5)), 0, 0);
      }
      if (w.size() == 8 && w.get(1).equals("end")) {
        return new IterationMark(false, w.get(2), w.get(3), params(w.get(4)), Integer.parseInt(w.get(5)),
            Long.parseLong(w.get(6)), Long.parseLong(w.get(7)));
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException("not an iteration mark: '" + line.substring(at).strip() + "'");
  }

  static Map<String, String> params(String word) {
    Map<String, String> out = new LinkedHashMap<>();
    if (word.equals("-")) {
      return out;
    }
    for (String kv : word.split(",")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("not k=v: '" + kv + "'");
      }
      out.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
    }
    return out;
  }

  /** Undoes the guest's percent-encoding (%XX of UTF-8 bytes). */
  static String decode(String s) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%') {
        if (i + 2 >= in.length) {
          throw new IllegalArgumentException("a '%' without two hex digits in '" + s + "'");
        }
        try {
          b.write(Integer.parseInt(new String(in, i + 1, 2, StandardCharsets.US_ASCII), 16));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("a '%' without two hex digits in '" + s + "'");
        }
        i += 2;
      } else {
        b.write(in[i]);
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }
}
