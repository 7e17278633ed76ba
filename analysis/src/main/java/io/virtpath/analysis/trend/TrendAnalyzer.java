package io.virtpath.analysis.trend;

import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.read.BenchmarkResult;
import io.virtpath.analysis.read.Direction;
import io.virtpath.analysis.read.Loaded;
import io.virtpath.analysis.read.Metric;
import io.virtpath.analysis.read.RunData;
import io.virtpath.analysis.read.ScoreUnit;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Missing;
import io.virtpath.analysis.stats.Estimate;
import io.virtpath.analysis.stats.Sample;
import io.virtpath.core.UsageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The history of each metric (benchmark + params + mode, per target) across runs, and its change
 * points. Runs are ordered by their records' start time when every run has one, else kept in the
 * order given (plain JMH files carry no time).
 */
public final class TrendAnalyzer {
  /**
   * Target name of plain JMH files in a history: one file is one run of the same thing. fio and
   * iperf3 outputs are named {@code fio} and {@code iperf3} the same way.
   */
  public static final String FILE_TARGET = RunData.JMH;

  private final double alpha;
  private final int permutations;
  private final double confidence;

  public TrendAnalyzer(double alpha, int permutations, double confidence) {
    this.alpha = alpha;
    this.permutations = permutations;
    this.confidence = confidence;
  }

  public TrendResult analyze(Loaded loaded, Pattern benchmark, String target) {
    List<RunData> runs = new ArrayList<>(loaded.runs());
    List<String> notes = new ArrayList<>();
    String order;
    if (!runs.isEmpty() && runs.stream().allMatch(r -> r.startTime() != null)) {
      runs.sort(Comparator.comparing(RunData::startTime)); // stable: equal times keep the given order
      order = "start time";
    } else {
      order = "as given";
      if (runs.stream().anyMatch(r -> r.startTime() != null)) {
        notes.add("Some inputs have no start time (plain JMH files): all runs are in the order given.");
      }
    }
    if (runs.size() < 2) {
      throw new UsageException("a trend needs at least two runs; got " + runs.size()
          + (loaded.skipped().isEmpty() ? "" : " (skipped: " + loaded.skipped() + ")"));
    }
    List<String> labels = runs.stream().flatMap(r -> r.targets().stream().map(t -> seriesTarget(r, t)))
        .distinct().toList();
    if (target != null && !labels.contains(target)) {
      throw new UsageException("--target " + target + ": no such target in the inputs; targets: "
          + String.join(", ", labels));
    }
    // series id -> (run index -> metric)
    Map<String, BenchmarkKey> keys = new TreeMap<>();
    Map<String, String> targets = new LinkedHashMap<>();
    Map<String, Map<Integer, Metric>> metrics = new TreeMap<>();
    // run index -> series target -> the target: a run that has the target but not the benchmark is a gap
    List<Map<String, TargetData>> byRun = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      RunData run = runs.get(i);
      Map<String, TargetData> here = new LinkedHashMap<>();
      byRun.add(here);
      for (TargetData t : run.targets()) {
        String label = seriesTarget(run, t);
        here.putIfAbsent(label, t);
        if (target != null && !target.equals(label)) {
          continue;
        }
        for (BenchmarkResult r : t.results()) {
          if (benchmark != null && !benchmark.matcher(r.key().toString()).find()) {
            continue;
          }
          String id = r.key() + " @" + label;
          keys.put(id, r.key());
          targets.put(id, label);
          metrics.computeIfAbsent(id, x -> new TreeMap<>()).putIfAbsent(i, r.primary());
        }
      }
    }
    if (metrics.isEmpty()) {
      throw new UsageException("no benchmark matches" + (benchmark == null ? "" : " --benchmark '" + benchmark + "'")
          + (target == null ? "" : " on target " + target) + " in the inputs");
    }
    List<TrendResult.Series> series = new ArrayList<>();
    EDivisive detector = new EDivisive(alpha, permutations, 2, 20261122L);
    for (var e : metrics.entrySet()) {
      series.add(series(keys.get(e.getKey()), targets.get(e.getKey()), e.getValue(), runs, byRun, detector, notes));
    }
    List<TrendResult.Run> runList = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      RunData r = runs.get(i);
      List<String> incomplete = new ArrayList<>();
      if (r.incomplete()) {
        incomplete.add(r.statusLine());
        incomplete.addAll(r.incompleteDetails());
      }
      runList.add(new TrendResult.Run(i + 1, r.id(), r.startTime() == null ? null : r.startTime().toString(),
          r.path().toString(), status(r), List.copyOf(incomplete)));
    }
    TrendResult.Settings settings = new TrendResult.Settings(alpha, permutations, confidence, "e-divisive");
    return new TrendResult(TrendResult.FORMAT_VERSION, order, settings, runList, series,
        loaded.skipped().stream().map(Object::toString).toList(), notes);
  }

  /** The run's status; a run sealed complete with an incomplete target counts as partial. */
  private static String status(RunData r) {
    if (r.completeness().incomplete() || !r.incomplete()) {
      return r.completeness().state().json();
    }
    return io.virtpath.analysis.read.Completeness.State.PARTIAL.json();
  }

  private static String seriesTarget(RunData run, TargetData t) {
    return run.fromFiles() ? run.kind() : t.label();
  }

  private TrendResult.Series series(BenchmarkKey key, String target, Map<Integer, Metric> byRun, List<RunData> runs,
      List<Map<String, TargetData>> targetsByRun, EDivisive detector, List<String> notes) {
    ScoreUnit unit = byRun.values().iterator().next().unit();
    List<TrendResult.Point> points = new ArrayList<>();
    List<Integer> present = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (var e : byRun.entrySet()) {
      Metric m = e.getValue();
      int run = e.getKey() + 1;
      if (!m.unit().convertibleTo(unit)) {
        notes.add(key + " @" + target + ", run #" + run + ": unit " + m.unit() + " does not convert to " + unit
            + "; the run is left out of this series");
        continue;
      }
      m = m.inUnit(unit);
      Estimate est = Estimate.of(Sample.fromForks(m.iterationValues(), m.forkMeans()), confidence);
      points.add(new TrendResult.Point(run, finite(est.mean()), finite(est.ciLow()), finite(est.ciHigh()), est.n(),
          null, null));
      if (Double.isFinite(est.mean())) {
        present.add(run);
        values.add(est.mean());
      }
    }
    for (int i = 0; i < runs.size(); i++) {
      TargetData t = targetsByRun.get(i).get(target);
      if (!byRun.containsKey(i) && t != null) {
        points.add(TrendResult.Point.gap(i + 1, Missing.kind(t, key.benchmark()), Missing.reason(t, key.benchmark())));
      }
    }
    points.sort(Comparator.comparingInt(TrendResult.Point::run));
    double[] x = values.stream().mapToDouble(Double::doubleValue).toArray();
    List<TrendResult.Change> changes = new ArrayList<>();
    Direction dir = unit.direction();
    for (EDivisive.ChangePoint cp : detector.detect(x)) {
      int run = present.get(cp.index());
      String verdict = switch (dir) {
        case LOWER_IS_BETTER -> cp.meanAfter() > cp.meanBefore() ? "slower" : "faster";
        case HIGHER_IS_BETTER -> cp.meanAfter() < cp.meanBefore() ? "slower" : "faster";
        case UNKNOWN -> "changed";
      };
      changes.add(new TrendResult.Change(run, runs.get(run - 1).id(), cp.meanBefore(), cp.meanAfter(),
          cp.relativeChange(), cp.pValue(), verdict));
    }
    return new TrendResult.Series(key.benchmark(), key.mode(), key.params(), target, unit.text(), dir.json(), points,
        changes);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
