package io.virtpath.analysis.trend;

import io.virtpath.analysis.chart.Charts;
import io.virtpath.analysis.chart.Rendered;
import io.virtpath.analysis.chart.TrendChart;
import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.result.Format;
import io.virtpath.core.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Writes trend.json and one chart per series, and renders the console text. */
public final class TrendOutput {
  private TrendOutput() {}

  /** Writes {@code out/trend.json} and {@code out/charts/trend-*.{png,svg}}; returns the chart names. */
  public static List<String> write(TrendResult t, Path out) throws IOException {
    Json.write(out.resolve("trend.json"), t);
    List<String> names = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (TrendResult.Series s : t.series()) {
      BenchmarkKey k = BenchmarkKey.of(s.benchmark(), s.mode(), s.params());
      String base = "trend-" + Charts.fileName(k.shortName() + "-" + s.mode()
          + (k.paramsText().isEmpty() ? "" : "-" + k.paramsText()) + "-" + s.target());
      String name = base;
      for (int i = 2; !used.add(name); i++) {
        name = base + "-" + i;
      }
      Rendered r = chart(name, s, k, t.runs());
      r.writeTo(out.resolve("charts"));
      names.add(name);
    }
    return names;
  }

  static Rendered chart(String name, TrendResult.Series s, BenchmarkKey k, List<TrendResult.Run> runs) {
    int n = runs.size();
    double[] values = new double[n];
    double[] half = new double[n];
    java.util.Arrays.fill(values, Double.NaN);
    java.util.Arrays.fill(half, Double.NaN);
    for (TrendResult.Point p : s.points()) {
      if (p.value() != null) {
        values[p.run() - 1] = p.value();
        if (p.ciHigh() != null) {
          half[p.run() - 1] = (p.ciHigh() - p.ciLow()) / 2;
        }
      }
    }
    List<Integer> at = s.changePoints().stream().map(TrendResult.Change::run).toList();
    List<TrendChart.Level> levels = new ArrayList<>();
    List<Integer> bounds = new ArrayList<>();
    bounds.add(1);
    bounds.addAll(at);
    bounds.add(n + 1);
    for (int i = 0; i + 1 < bounds.size(); i++) {
      // the levels the change points report (geometric means of the replicates), so that chart and text agree
      double level = s.changePoints().isEmpty() ? geometricMean(values)
          : i == 0 ? s.changePoints().get(0).meanBefore() : s.changePoints().get(i - 1).meanAfter();
      if (Double.isFinite(level)) {
        levels.add(new TrendChart.Level(bounds.get(i), bounds.get(i + 1) - 1, level));
      }
    }
    String title = k.label() + " @ " + s.target();
    List<Integer> incomplete = runs.stream().filter(TrendResult.Run::unfinished).map(TrendResult.Run::number)
        .toList();
    List<Integer> gaps = s.points().stream().filter(p -> p.missing() != null).map(TrendResult.Point::run).toList();
    return TrendChart.render(name, title, s.unit() + " (" + s.direction() + ")", values, half, levels, at,
        incomplete, gaps);
  }

  private static void series(StringBuilder b, TrendResult.Series s, TrendResult.Settings set) {
    BenchmarkKey k = BenchmarkKey.of(s.benchmark(), s.mode(), s.params());
    List<Integer> valued = s.points().stream().filter(p -> p.value() != null).map(TrendResult.Point::run).toList();
    b.append(k.label()).append(" @ ").append(s.target()).append(" (").append(s.unit()).append(", ")
        .append(s.direction()).append("): ").append(valued.size()).append(valued.size() == 1 ? " run" : " runs");
    if (!s.replicate().isEmpty()) {
      b.append(" (replicates: ").append(s.replicate()).append(')');
    }
    b.append(", ");
    String gaps = s.points().stream().filter(p -> p.missing() != null)
        .map(p -> "#" + p.run() + " (" + p.missing()
            + (p.missingReason() == null ? "" : ": " + p.missingReason()) + ")")
        .collect(Collectors.joining(", "));
    if (!gaps.isEmpty()) {
      b.append("missing in ").append(gaps).append(", ");
    }
    String tested = "> " + plain(set.threshold() * 100) + " %, alpha " + plain(set.alpha());
    int testable = valued.size() - s.untestedRuns().size() - set.minRuns();
    if (!s.changePoints().isEmpty()) {
      b.append(s.changePoints().size()).append(s.changePoints().size() == 1 ? " change point" : " change points")
          .append(" (").append(tested).append(")\n");
    } else if (testable <= 0) {
      b.append("not tested\n"); // the reason follows: never a bare "no change point"
    } else {
      int first = valued.get(set.minRuns());
      int last = valued.get(set.minRuns() + testable - 1);
      b.append("no change point starting at ").append(first == last ? "run #" + first : "runs #" + first + "-#" + last)
          .append(" (").append(tested).append(")\n");
    }
    for (TrendResult.Change c : s.changePoints()) {
      b.append(String.format(Locale.ROOT, "  at run #%d (%s): %s -> %s %s (%+.1f %%, %s), p = %s, adjusted for %d "
          + "candidate split%s: %s%n", c.run(), c.runId(), Format.number(c.meanBefore()), Format.number(c.meanAfter()),
          s.unit(), c.relativeChange() * 100, c.verdict(), Format.p(c.pValue()), c.candidates(),
          c.candidates() == 1 ? "" : "s", Format.p(c.pAdjusted())));
    }
    if (s.untested() != null) {
      b.append("  ").append(s.untested());
      if (s.untested().startsWith("the last")) {
        b.append(" (").append(s.untestedRuns().stream().map(r -> "#" + r).collect(Collectors.joining(", ")))
            .append(')');
      }
      b.append('\n');
    }
    s.notes().forEach(n -> b.append("  note: ").append(n).append('\n'));
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
  }

  private static double geometricMean(double[] values) {
    double sum = 0;
    int n = 0;
    for (double v : values) {
      if (Double.isFinite(v) && v > 0) {
        sum += Math.log(v);
        n++;
      }
    }
    return n == 0 ? Double.NaN : Math.exp(sum / n);
  }

  public static String text(TrendResult t, Path out) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%d runs (ordered by %s), %d series%n", t.runs().size(), t.order(),
        t.series().size()));
    for (TrendResult.Run r : t.runs()) {
      b.append(String.format(Locale.ROOT, "  #%-3d %s%s%s%n", r.number(), r.id(),
          r.startTime() == null ? "" : "  " + r.startTime(),
          r.unfinished() ? "  INCOMPLETE (" + r.status() + ")" : ""));
      r.incomplete().forEach(line -> b.append("         ").append(line).append('\n'));
    }
    b.append('\n');
    for (TrendResult.Series s : t.series()) {
      series(b, s, t.settings());
    }
    t.skipped().forEach(s -> b.append("skipped ").append(s).append('\n'));
    t.notes().forEach(s -> b.append("note: ").append(s).append('\n'));
    if (out != null) {
      b.append("\ntrend.json and charts in ").append(out).append('\n');
    }
    return b.toString();
  }
}
