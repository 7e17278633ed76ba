package io.virtpath.analysis.compare;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.virtpath.analysis.read.Counters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The counters that changed between A and B for one benchmark: where to look when a verdict says
 * slower (twice the interrupts per operation points at the device path). Descriptive: each figure
 * is a mean (or a median of rounds) without an interval, so nothing is tested; the verdict rests on
 * the score's interval alone.
 *
 * <p>A counter is listed when both sides have it and it moved by a factor of {@link #RATIO} or more
 * either way <em>and</em> by an amount that matters for its kind ({@link #minimumChange}): 0.001 →
 * 0.003 interrupts per operation is a factor of 3 and nothing a reader should chase.
 */
public final class CounterChanges {
  /**
   * The profiler's own cost ({@code counters.cost.us}, {@code counters.marks.us}): kept in the
   * records, never listed here, since it says how long the readings took, not where the benchmark's
   * time went.
   */
  static final String PROFILER = "counters.";

  /** The smallest factor listed (either way). */
  static final double RATIO = 1.5;

  private CounterChanges() {}

  /**
   * One counter's change.
   *
   * @param name as in metrics.json ({@code irq.disk.virtio_blk/op}); host figures as
   *     {@code host.cpu.<group>.us/op} and {@code host.kvm.<reason>/op}
   * @param ratio b / a; null when a is 0
   */
  @JsonPropertyOrder({"name", "a", "b", "ratio"})
  public record Change(String name, double a, double b, Double ratio) {
    /** {@code irq.disk.virtio_blk/op 1.00 → 2.00 (×2.0)}. */
    public String text() {
      return name + " " + number(a) + " → " + number(b) + " (" + (ratio == null ? "from 0" : "×" + factor(ratio)) + ")";
    }
  }

  /** The changes from {@code a} to {@code b}, in the order A lists its counters; empty when either is null. */
  static List<Change> between(Counters.Figures a, Counters.Figures b) {
    List<Change> out = new ArrayList<>();
    if (a == null || b == null) {
      return out;
    }
    Map<String, Double> fa = flat(a);
    Map<String, Double> fb = flat(b);
    fa.forEach((name, va) -> {
      Double vb = fb.get(name);
      if (vb != null && !name.startsWith(PROFILER) && listed(name, va, vb)) {
        out.add(new Change(name, va, vb, va == 0 ? null : vb / va));
      }
    });
    return out;
  }

  static boolean listed(String name, double a, double b) {
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    // 0.3 / 0.2 is 1.4999999999999998 in binary: a factor written as 1.5 is 1.5
    boolean factor = lo <= 0 ? hi > 0 : hi / lo >= RATIO * (1 - 1e-9);
    return factor && hi - lo >= minimumChange(name);
  }

  /**
   * The smallest absolute change listed: 0.05 per operation for counts (an interrupt in every 20
   * operations), 2 percentage points for CPU shares (a few ticks of a short iteration are noise,
   * docs/methodology.md), 1 µs of host CPU per operation, 0.1 requests in flight.
   */
  static double minimumChange(String name) {
    if (name.startsWith("host.cpu.")) {
      return 1.0;
    }
    if (name.endsWith(".%")) {
      return 2.0;
    }
    if (name.endsWith(".avg")) {
      return 0.1;
    }
    return 0.05;
  }

  private static Map<String, Double> flat(Counters.Figures f) {
    Map<String, Double> m = new LinkedHashMap<>(f.guest());
    f.hostCpuUsPerOp().forEach((g, v) -> m.put("host.cpu." + g + ".us/op", v));
    f.kvmExitsPerOp().forEach((r, v) -> m.put("host.kvm." + r + "/op", v));
    return m;
  }

  private static String number(double v) {
    if (v == 0) {
      return "0";
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
  }

  private static String factor(double r) {
    return String.format(Locale.ROOT, r >= 10 ? "%.0f" : r >= 0.1 ? "%.2g" : "%.1g", r);
  }
}
