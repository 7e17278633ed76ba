package io.virtpath.runner;

import io.virtpath.core.record.Metrics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.results.RunResult;

/**
 * Console progress for people: what runs now, done/total, elapsed and ETA, and each benchmark's
 * result in its own units as soon as it is known. Machine output goes to the record, not here.
 *
 * <p>The ETA starts from the profile's arithmetic and is corrected by how much longer than
 * estimated the finished benchmarks actually took (fork start-up on a slow guest, 16-thread
 * set-up), so it converges as the run goes on.
 */
public final class Progress {
  private final PrintStream out;
  private final List<BenchmarkPlan.Item> items;
  private final ToDoubleFunction<BenchmarkPlan.Item> estimate;
  private final long startNanos = System.nanoTime();
  private double estimatedDone;
  private int done;

  Progress(PrintStream out, List<BenchmarkPlan.Item> items, ToDoubleFunction<BenchmarkPlan.Item> estimate) {
    this.out = out;
    this.items = items;
    this.estimate = estimate;
  }

  void starting(BenchmarkPlan.Item item) {
    String threads = item.threads() > 1 ? ", " + item.threads() + " threads" : "";
    out.printf(
        Locale.ROOT,
        "[%2d/%d] %-36s (%s%s)  elapsed %s, ETA %s%n",
        done + 1,
        items.size(),
        item.shortName(),
        String.join("+", item.modes()),
        threads,
        clock(elapsedSeconds()),
        clock(etaSeconds()));
    out.flush();
  }

  /** One result as the console shows it: the score in the reader's unit and its iterations' spread. */
  record Line(Metrics.Entry entry, IterationSpread spread) {
    static List<Line> of(Collection<RunResult> results) {
      return results.stream().map(r -> new Line(DerivedMetrics.of(r), IterationSpread.of(r))).toList();
    }
  }

  void finished(BenchmarkPlan.Item item, List<Line> lines) {
    for (Line l : lines) {
      out.println("         " + describe(l.entry(), l.spread()));
    }
    advance(item);
  }

  void failed(BenchmarkPlan.Item item, String reason) {
    out.println("         FAILED: " + reason);
    advance(item);
  }

  private void advance(BenchmarkPlan.Item item) {
    done++;
    estimatedDone += estimate.applyAsDouble(item);
  }

  double etaSeconds() {
    double remaining = 0;
    for (int i = done; i < items.size(); i++) {
      remaining += estimate.applyAsDouble(items.get(i));
    }
    double correction = estimatedDone > 0 ? elapsedSeconds() / estimatedDone : 1.0;
    return remaining * correction;
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * "thrpt  1,234,567 ops/s  iterations spread -2.8% to +2.1% (3 iterations, 1 fork)", plus p50 and
   * p99 in sample mode. Not JMH's "±error": see {@link IterationSpread} for why.
   */
  static String describe(Metrics.Entry e, IterationSpread spread) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%-6s %s %s", e.mode(), number(e.value()), e.unit().symbol()));
    if (!e.latencyPercentilesNs().isEmpty()) {
      s.append("  p50 ").append(nanos(e.latencyPercentilesNs().get("p50")));
      s.append("  p99 ").append(nanos(e.latencyPercentilesNs().get("p99")));
    }
    s.append("  ").append(spread.describe());
    return s.toString();
  }

  public static String number(double v) {
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  static String nanos(Double ns) {
    if (ns == null || ns.isNaN()) {
      return "n/a";
    }
    if (ns >= 1e6) {
      return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }
    if (ns >= 1e3) {
      return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f ns", ns);
  }

  public static String clock(double seconds) {
    Duration d = Duration.ofSeconds(Math.round(seconds));
    return d.toHours() > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
        : String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
  }
}
