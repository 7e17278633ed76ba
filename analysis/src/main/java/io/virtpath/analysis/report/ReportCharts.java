package io.virtpath.analysis.report;

import io.virtpath.analysis.chart.Charts;
import io.virtpath.analysis.chart.ForestChart;
import io.virtpath.analysis.chart.LatencyChart;
import io.virtpath.analysis.chart.OverheadChart;
import io.virtpath.analysis.chart.Palette;
import io.virtpath.analysis.chart.Rendered;
import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.read.BenchmarkResult;
import io.virtpath.analysis.read.Histogram;
import io.virtpath.analysis.read.ScoreUnit;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Row;
import io.virtpath.analysis.result.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which charts a report has, built from an analysis: overhead per group, latency per SampleTime benchmark. */
public final class ReportCharts {
  /** Benchmarks per overhead chart; more are split over several charts so labels stay readable. */
  static final int MAX_CATEGORIES = 14;

  /** Charts of one group (a virtpath suite, or a benchmark class), in page order. */
  public record Group(List<Rendered> overhead, List<Rendered> latency) {}

  private ReportCharts() {}

  /**
   * Chart order: the keys' own order (benchmark, mode, then params with numbers compared as
   * numbers, so that size=256 comes before size=1024).
   */
  static final Comparator<BenchmarkKey> ORDER = Comparator.naturalOrder();

  /**
   * @param notes receives what the charts leave out (more targets than colours)
   */
  public static Map<String, Group> build(Analysis a, List<String> notes) {
    List<String> others = a.targets().stream().map(TargetData::label).filter(l -> !l.equals(a.baseline())).toList();
    List<String> charted = others.size() > Palette.size() ? others.subList(0, Palette.size()) : others;
    if (a.baseline() != null && charted.size() < others.size()) {
      notes.add("Charts show the first " + charted.size() + " of " + others.size()
          + " targets (more would repeat colours); the tables and summary.json have all of them.");
    }
    Map<String, List<BenchmarkKey>> keysByGroup = new LinkedHashMap<>();
    Map<String, Row> primary = new LinkedHashMap<>();
    for (Row r : a.rows()) {
      if (r.isMeasuredPrimary()) { // a missing benchmark is a gap in the chart and a row in the table
        BenchmarkKey k = BenchmarkKey.of(r.benchmark(), r.mode(), r.params());
        List<BenchmarkKey> keys = keysByGroup.computeIfAbsent(k.group(), g -> new ArrayList<>());
        if (!keys.contains(k)) {
          keys.add(k);
        }
        primary.put(k + "|" + r.target(), r);
      }
    }
    keysByGroup.values().forEach(keys -> keys.sort(ORDER));
    Set<String> usedNames = new HashSet<>();
    Map<String, Group> out = new LinkedHashMap<>();
    for (var e : keysByGroup.entrySet()) {
      String group = e.getKey();
      List<Rendered> overhead = a.baseline() == null || charted.isEmpty()
          ? scores(a, group, e.getValue(), primary, usedNames)
          : overhead(a, group, e.getValue(), charted, primary, usedNames);
      List<Rendered> latency = new ArrayList<>();
      for (BenchmarkKey k : e.getValue()) {
        Rendered r = latency(a, k, primary, usedNames);
        if (r != null) {
          latency.add(r);
        }
      }
      out.put(group, new Group(overhead, latency));
    }
    return out;
  }

  private static List<Rendered> overhead(Analysis a, String group, List<BenchmarkKey> keys, List<String> targets,
      Map<String, Row> primary, Set<String> usedNames) {
    String baseline = a.marked(a.baseline());
    List<BenchmarkKey> withRatio = keys.stream()
        .filter(k -> targets.stream().anyMatch(t -> {
          Row r = primary.get(k + "|" + t);
          return r != null && r.ratio() != null;
        }))
        .toList();
    List<Rendered> charts = new ArrayList<>();
    int parts = (withRatio.size() + MAX_CATEGORIES - 1) / MAX_CATEGORIES;
    for (int part = 0; part < parts; part++) {
      List<BenchmarkKey> slice =
          withRatio.subList(part * MAX_CATEGORIES, Math.min(withRatio.size(), (part + 1) * MAX_CATEGORIES));
      List<String> categories = slice.stream().map(ReportCharts::category).toList();
      OverheadChart.Bar[][] bars = new OverheadChart.Bar[targets.size()][slice.size()];
      for (int t = 0; t < targets.size(); t++) {
        for (int c = 0; c < slice.size(); c++) {
          Row r = primary.get(slice.get(c) + "|" + targets.get(t));
          bars[t][c] = r == null || r.ratio() == null ? OverheadChart.Bar.NONE
              : new OverheadChart.Bar(r.ratio(), num(r.ratioCiLow()), num(r.ratioCiHigh()),
                  r.verdict() == Verdict.SLOWER || r.verdict() == Verdict.FASTER);
        }
      }
      String suffix = parts > 1 ? " (" + (part + 1) + "/" + parts + ")" : "";
      String name = unique("overhead-" + Charts.fileName(group) + (parts > 1 ? "-" + (part + 1) : ""), usedNames);
      charts.add(OverheadChart.render(name, "Overhead against " + baseline + ": " + group + suffix, baseline,
          categories, legend(a, targets), bars));
    }
    return charts;
  }

  /** Without a baseline: the scores of the group, one chart per unit, with their intervals. */
  private static List<Rendered> scores(Analysis a, String group, List<BenchmarkKey> keys, Map<String, Row> primary,
      Set<String> usedNames) {
    List<String> targets = a.targets().stream().map(TargetData::label).limit(Palette.size()).toList();
    Map<String, List<BenchmarkKey>> byUnit = new LinkedHashMap<>();
    for (BenchmarkKey k : keys) {
      for (String t : targets) {
        Row r = primary.get(k + "|" + t);
        if (r != null && r.score() != null && r.score() > 0) {
          List<BenchmarkKey> ks = byUnit.computeIfAbsent(r.unit(), u -> new ArrayList<>());
          if (!ks.contains(k)) {
            ks.add(k);
          }
        }
      }
    }
    List<Rendered> charts = new ArrayList<>();
    for (var u : byUnit.entrySet()) {
      List<BenchmarkKey> all = u.getValue();
      for (int from = 0; from < all.size(); from += MAX_CATEGORIES) {
        List<BenchmarkKey> slice = all.subList(from, Math.min(all.size(), from + MAX_CATEGORIES));
        OverheadChart.Bar[][] bars = new OverheadChart.Bar[targets.size()][slice.size()];
        for (int t = 0; t < targets.size(); t++) {
          for (int c = 0; c < slice.size(); c++) {
            Row r = primary.get(slice.get(c) + "|" + targets.get(t));
            bars[t][c] = r == null || r.score() == null || !u.getKey().equals(r.unit()) ? OverheadChart.Bar.NONE
                : new OverheadChart.Bar(r.score(), num(r.ciLow()), num(r.ciHigh()));
          }
        }
        String name = unique("scores-" + Charts.fileName(group + "-" + u.getKey()), usedNames);
        charts.add(OverheadChart.scores(name, "Scores: " + group + " (" + u.getKey() + ", with "
            + Math.round(a.settings().confidence() * 100) + " % CI where available)", u.getKey(),
            slice.stream().map(ReportCharts::category).toList(), legend(a, targets), bars));
      }
    }
    return charts;
  }

  /** Chart category: method, mode and params; the class is in the table and the group title. */
  private static String category(BenchmarkKey k) {
    String p = k.paramsText();
    return k.methodName() + " " + k.mode() + (p.isEmpty() ? "" : " " + p);
  }

  private static Rendered latency(Analysis a, BenchmarkKey key, Map<String, Row> primary, Set<String> usedNames) {
    Map<String, Histogram> byTarget = new LinkedHashMap<>();
    String unit = null;
    List<TargetData> ordered = new ArrayList<>();
    if (a.baseline() != null) {
      ordered.add(a.target(a.baseline()));
    }
    a.targets().stream().filter(t -> !t.label().equals(a.baseline())).forEach(ordered::add);
    for (TargetData t : ordered) {
      if (byTarget.size() == Palette.size()) {
        break;
      }
      Row row = primary.get(key + "|" + t.label());
      BenchmarkResult r = t.results().stream().filter(x -> x.key().equals(key)).findFirst().orElse(null);
      if (row == null || r == null || !r.primary().hasHistograms()) {
        continue;
      }
      ScoreUnit target = ScoreUnit.parse(row.unit());
      if (!r.primary().unit().convertibleTo(target)) {
        continue;
      }
      Histogram h = r.primary().mergedHistogram().scaled(r.primary().unit().factorTo(target));
      if (h.count() > 0) {
        byTarget.put(t.marked(), h);
        unit = unit == null ? target.text() : unit;
      }
    }
    if (byTarget.isEmpty()) {
      return null;
    }
    // Draw in the time unit that makes the first target's median a number between 1 and 1000.
    ScoreUnit from = ScoreUnit.parse(unit);
    if (from.kind() == ScoreUnit.Kind.TIME_PER_OP) {
      double medianNs = byTarget.values().iterator().next().percentile(0.5) * from.scale();
      ScoreUnit display = ScoreUnit.parse(medianNs >= 1e9 ? "s/op" : medianNs >= 1e6 ? "ms/op"
          : medianNs >= 1e3 ? "us/op" : "ns/op");
      double f = from.factorTo(display);
      byTarget.replaceAll((label, h) -> h.scaled(f));
      unit = display.text();
    }
    String p = key.paramsText();
    String name = unique("latency-" + Charts.fileName(key.shortName() + (p.isEmpty() ? "" : "-" + p)), usedNames);
    return LatencyChart.render(name, "Latency distribution: " + key.shortName() + (p.isEmpty() ? "" : " " + p),
        unit.replace("/op", ""), byTarget);
  }

  /** The headline chart's file name (charts/headline-forest.png), which the console names. */
  public static final String HEADLINE = "headline-forest";

  /**
   * The headline drawn ({@link ForestChart}): per headline path, each compared target's cost ratio
   * and the interval its verdict rests on, from the same {@link HeadlineTable} cells as the table;
   * null when nothing was compared or no cell has a ratio. The first {@link Palette#size()} targets,
   * in the overhead charts' colours (the note {@link #build} adds says so when there are more);
   * emulated / virtio compares two guests, not a target against the reference, and stays in the table.
   */
  public static Rendered headline(Analysis a, HeadlineTable t) {
    if (t == null || t.baseline() == null
        || t.rows().stream().flatMap(l -> l.ratios().stream()).noneMatch(c -> c.ratio() != null)) {
      return null;
    }
    List<String> targets = t.targets().stream().skip(1).limit(Palette.size()).map(x -> a.marked(x.label())).toList();
    List<ForestChart.Row> rows = new ArrayList<>();
    for (HeadlineTable.Line l : t.rows()) {
      for (int i = 0; i < Math.min(targets.size(), l.ratios().size()); i++) {
        HeadlineTable.Cell c = l.ratios().get(i);
        rows.add(c.ratio() == null ? ForestChart.Row.missing(l.path(), i, c.missing() == null ? "no ratio" : c.missing())
            : new ForestChart.Row(l.path(), i, c.ratio(), c.hasInterval() ? c.ratioCiLow() : Double.NaN,
                c.hasInterval() ? c.ratioCiHigh() : Double.NaN, call(c.verdict()), null));
      }
    }
    long levels = t.rows().stream().flatMap(l -> l.ratios().stream()).map(HeadlineTable.Cell::ratioCiLevel)
        .filter(java.util.Objects::nonNull).distinct().count();
    String interval = t.ratioCiLevel() == null ? "interval"
        : levels > 1 ? "interval (levels differ: see the table)" : HeadlineText.percent(t.ratioCiLevel()) + " interval";
    String reference = a.marked(t.reference());
    return ForestChart.render(HEADLINE, "Headline: cost of each path against " + reference + " (log scale)",
        reference, targets, rows, a.settings().threshold(), interval);
  }

  private static ForestChart.Call call(Verdict v) {
    return v == Verdict.SLOWER ? ForestChart.Call.SLOWER : v == Verdict.FASTER ? ForestChart.Call.FASTER
        : v == Verdict.NO_CHANGE ? ForestChart.Call.NO_CHANGE : ForestChart.Call.INCONCLUSIVE;
  }

  /**
   * Host CPU per operation by QEMU thread group: one stacked chart per headline disk or network
   * metric that a target has host counters for; empty when none has (a record without a lab guest).
   */
  public static List<Rendered> hostCpu(Analysis a) {
    List<Rendered> out = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Headline.Metric m : Headline.METRICS) {
      String suite = Why.suite(m.benchmark());
      if (!suite.equals("disk") && !suite.equals("network")) {
        continue;
      }
      List<String> targets = new ArrayList<>();
      List<io.virtpath.analysis.read.Counters.Figures> figures = new ArrayList<>();
      for (TargetData t : a.targets()) {
        var f = t.counters().find(m.benchmark(), m.mode());
        if (f != null && f.hostCpuUsPerOp().containsKey("total")) {
          targets.add(t.marked());
          figures.add(f);
        }
      }
      if (targets.isEmpty()) {
        continue;
      }
      List<String> groups = io.virtpath.analysis.read.Counters.HOST_GROUPS;
      double[][] micros = new double[groups.size()][targets.size()];
      for (int g = 0; g < groups.size(); g++) {
        for (int t = 0; t < targets.size(); t++) {
          micros[g][t] = figures.get(t).hostCpuUsPerOp().getOrDefault(groups.get(g), 0.0);
        }
      }
      String name = unique("host-cpu-" + Charts.fileName(m.path()), used);
      out.add(io.virtpath.analysis.chart.HostCpuChart.render(name, "Host CPU per operation by QEMU thread: " + m.path(),
          targets, groups.stream().map(Why.GROUP_NAMES::get).toList(), micros));
    }
    return out;
  }

  /** Legend entries: incomplete targets carry their tag ({@code c1 [partial]}) on every chart. */
  private static List<String> legend(Analysis a, List<String> labels) {
    return labels.stream().map(a::marked).toList();
  }

  private static String unique(String name, Set<String> used) {
    String n = name;
    for (int i = 2; !used.add(n); i++) {
      n = name + "-" + i;
    }
    return n;
  }

  private static double num(Double d) {
    return d == null ? Double.NaN : d;
  }
}
