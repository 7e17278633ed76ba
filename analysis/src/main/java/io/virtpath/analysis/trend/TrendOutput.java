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
      double sum = 0;
      int cnt = 0;
      for (int r = bounds.get(i); r < bounds.get(i + 1); r++) {
        if (Double.isFinite(values[r - 1])) {
          sum += values[r - 1];
          cnt++;
        }
      }
      if (cnt > 0) {
        levels.add(new TrendChart.Level(bounds.get(i), bounds.get(i + 1) - 1, sum / cnt));
      }
    }
    String title = k.label() + " @ " + s.target();
    List<Integer> incomplete = runs.stream().filter(TrendResult.Run::unfinished).map(TrendResult.Run::number)
        .toList();
    List<Integer> gaps = s.points().stream().filter(p -> p.missing() != null).map(TrendResult.Point::run).toList();
    return TrendChart.render(name, title, s.unit() + " (" + s.direction() + ")", values, half, levels, at,
        incomplete, gaps);
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
      BenchmarkKey k = BenchmarkKey.of(s.benchmark(), s.mode(), s.params());
      long n = s.points().stream().filter(p -> p.value() != null).count();
      b.append(k.label()).append(" @ ").append(s.target()).append(" (").append(s.unit()).append(", ")
          .append(s.direction()).append("): ").append(n).append(" runs, ");
      String gaps = s.points().stream().filter(p -> p.missing() != null)
          .map(p -> "#" + p.run() + " (" + p.missing()
              + (p.missingReason() == null ? "" : ": " + p.missingReason()) + ")")
          .collect(java.util.stream.Collectors.joining(", "));
      if (!gaps.isEmpty()) {
        b.append("missing in ").append(gaps).append(", ");
      }
      if (s.changePoints().isEmpty()) {
        b.append("no change point\n");
        continue;
      }
      b.append(s.changePoints().size()).append(s.changePoints().size() == 1 ? " change point\n" : " change points\n");
      for (TrendResult.Change c : s.changePoints()) {
        b.append(String.format(Locale.ROOT, "  at run #%d (%s): %s -> %s %s (%+.1f %%, %s), p = %s%n", c.run(),
            c.runId(), Format.number(c.meanBefore()), Format.number(c.meanAfter()), s.unit(),
            c.relativeChange() * 100, c.verdict(), Format.p(c.pValue())));
      }
    }
    t.skipped().forEach(s -> b.append("skipped ").append(s).append('\n'));
    t.notes().forEach(s -> b.append("note: ").append(s).append('\n'));
    if (out != null) {
      b.append("\ntrend.json and charts in ").append(out).append('\n');
    }
    return b.toString();
  }
}
