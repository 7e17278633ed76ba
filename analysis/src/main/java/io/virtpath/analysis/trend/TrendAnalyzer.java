package io.virtpath.analysis.trend;

import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.read.BenchmarkResult;
import io.virtpath.analysis.read.Direction;
import io.virtpath.analysis.read.Loaded;
import io.virtpath.analysis.read.Metric;
import io.virtpath.analysis.read.RunData;
import io.virtpath.analysis.read.ScoreUnit;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Format;
import io.virtpath.analysis.result.Missing;
import io.virtpath.analysis.stats.Estimate;
import io.virtpath.analysis.stats.Sample;
import io.virtpath.core.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The history of each metric (benchmark + params + mode, per target) across runs, and its change
 * points. Runs are ordered by their records' start time when every run has one, else kept in the
 * order given (plain JMH files carry no time).
 *
 * <p>A run's replicates, nested as elsewhere in the analysis: a lab record with two or more rounds
 * (targets {@code NAME}, {@code NAME.r2}, ...) is one run of target {@code NAME} whose replicates
 * are the rounds (each the mean of its forks); otherwise, with two or more forks, the fork means;
 * otherwise the single fork's iterations, flagged, since iterations of one JVM understate how much
 * runs vary ({@link SplitTest} guards against that with the run means' scatter).
 */
public final class TrendAnalyzer {
  /**
   * Target name of plain JMH files in a history: one file is one run of the same thing. fio and
   * iperf3 outputs are named {@code fio} and {@code iperf3} the same way.
   */
  public static final String FILE_TARGET = RunData.JMH;

  public static final double DEFAULT_ALPHA = 0.05;
  public static final double DEFAULT_THRESHOLD = 0.05;
  static final String METHOD = "binary segmentation; Welch t-test of log replicates and Student t-test of log run"
      + " means, both at alpha / candidate splits";

  private static final Pattern ROUND = Pattern.compile("(.+)\\.r([0-9]+)");

  private final double alpha;
  private final double threshold;
  private final double confidence;

  /**
   * @param alpha family-wise significance level of each segment's split search
   * @param threshold smallest relative change reported as a change point (0.05 = 5 %)
   * @param confidence of each run's interval
   */
  public TrendAnalyzer(double alpha, double threshold, double confidence) {
    this.alpha = alpha;
    this.threshold = threshold;
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
    // series id -> (run index -> metric per round)
    Map<String, BenchmarkKey> keys = new TreeMap<>();
    Map<String, String> targets = new LinkedHashMap<>();
    Map<String, Map<Integer, List<Metric>>> metrics = new TreeMap<>();
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
          metrics.computeIfAbsent(id, x -> new TreeMap<>()).computeIfAbsent(i, x -> new ArrayList<>()).add(r.primary());
        }
      }
    }
    if (metrics.isEmpty()) {
      throw new UsageException("no benchmark matches" + (benchmark == null ? "" : " --benchmark '" + benchmark + "'")
          + (target == null ? "" : " on target " + target) + " in the inputs");
    }
    List<TrendResult.Series> series = new ArrayList<>();
    ChangeDetector detector = new ChangeDetector(alpha, threshold);
    // in the keys' order (params as numbers: size=2 before size=16), then by target
    List<Map.Entry<String, Map<Integer, List<Metric>>>> ordered = new ArrayList<>(metrics.entrySet());
    ordered.sort(Comparator.comparing((Map.Entry<String, Map<Integer, List<Metric>>> e) -> keys.get(e.getKey()))
        .thenComparing(e -> targets.get(e.getKey())));
    for (var e : ordered) {
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
    TrendResult.Settings settings = new TrendResult.Settings(alpha, threshold, ChangeDetector.MIN_RUNS,
        confidence, METHOD);
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

  /** A lab round's target ({@code NAME.rN} next to {@code NAME} in the same run) joins NAME's series. */
  private static String seriesTarget(RunData run, TargetData t) {
    if (run.fromFiles()) {
      return run.kind();
    }
    var m = ROUND.matcher(t.label());
    if (m.matches() && run.targets().stream().anyMatch(o -> o.label().equals(m.group(1)))) {
      return m.group(1);
    }
    return t.label();
  }

  private TrendResult.Series series(BenchmarkKey key, String target, Map<Integer, List<Metric>> byRun,
      List<RunData> runs, List<Map<String, TargetData>> targetsByRun, ChangeDetector detector, List<String> notes) {
    ScoreUnit unit = byRun.values().iterator().next().get(0).unit();
    String id = key + " @" + target;
    List<TrendResult.Point> points = new ArrayList<>();
    List<String> seriesNotes = new ArrayList<>();
    List<Integer> present = new ArrayList<>(); // run numbers with replicates, in order
    List<double[]> logs = new ArrayList<>();
    Set<String> kinds = new LinkedHashSet<>();
    boolean nonPositive = false;
    for (var e : byRun.entrySet()) {
      int run = e.getKey() + 1;
      List<Metric> rounds = new ArrayList<>();
      for (Metric m : e.getValue()) {
        if (m.unit().convertibleTo(unit)) {
          rounds.add(m.inUnit(unit));
        } else {
          notes.add(id + ", run #" + run + ": unit " + m.unit() + " does not convert to " + unit
              + "; the run is left out of this series");
        }
      }
      if (rounds.isEmpty()) {
        continue;
      }
      Sample sample = replicates(rounds);
      Estimate est = Estimate.of(sample, confidence);
      points.add(new TrendResult.Point(run, finite(est.mean()), finite(est.ciLow()), finite(est.ciHigh()), est.n(),
          sample.unit(), null, null));
      if (sample.n() == 0) {
        continue;
      }
      if (Arrays.stream(sample.values()).anyMatch(v -> v <= 0)) {
        nonPositive = true;
        continue;
      }
      present.add(run);
      kinds.add(sample.unit());
      logs.add(Arrays.stream(sample.values()).map(Math::log).toArray());
    }
    for (int i = 0; i < runs.size(); i++) {
      TargetData t = targetsByRun.get(i).get(target);
      if (!byRun.containsKey(i) && t != null) {
        points.add(TrendResult.Point.gap(i + 1, Missing.kind(t, key.benchmark()), Missing.reason(t, key.benchmark())));
      }
    }
    points.sort(Comparator.comparingInt(TrendResult.Point::run));
    if (kinds.contains(Sample.ITERATIONS)) {
      seriesNotes.add("runs with one fork are tested on its iterations, which understate how much runs vary; "
          + "a change must also pass the t-test of the run means");
    }
    List<TrendResult.Change> changes = new ArrayList<>();
    List<Integer> untested;
    String why;
    if (nonPositive) {
      untested = points.stream().filter(p -> p.value() != null).map(TrendResult.Point::run).toList();
      why = "values <= 0 cannot be compared as ratios: no run can be tested";
      present.clear();
    } else {
      ChangeDetector.Detection d = detector.detect(logs.toArray(double[][]::new));
      for (ChangeDetector.Split cp : d.changes()) {
        int run = present.get(cp.index());
        changes.add(new TrendResult.Change(run, runs.get(run - 1).id(), cp.before(), cp.after(), cp.relativeChange(),
            cp.p(), cp.candidates(), cp.pAdjusted(), verdict(unit.direction(), cp)));
      }
      for (ChangeDetector.Split cp : d.small()) {
        seriesNotes.add(String.format(Locale.ROOT, "run #%d: a significant shift of %+.1f %% (adjusted p = %s) is "
            + "within the %.3g %% threshold: not a change point", present.get(cp.index()), cp.relativeChange() * 100,
            Format.p(cp.pAdjusted()), threshold * 100));
      }
      for (ChangeDetector.Split cp : d.undecided()) {
        seriesNotes.add(String.format(Locale.ROOT, "run #%d: %+.1f %% is significant on its own (p = %s) but not "
            + "after the correction for the %d splits searched (adjusted p = %s > %s): more runs will decide",
            present.get(cp.index()), cp.relativeChange() * 100, Format.p(cp.p()), cp.candidates(),
            Format.p(cp.pAdjusted()), alpha));
      }
      untested = present.subList(d.untestedFrom(), present.size());
      why = untestedReason(present.size(), untested.size());
    }
    return new TrendResult.Series(key.benchmark(), key.mode(), key.params(), target, unit.text(),
        unit.direction().json(), String.join("+", kinds), points, changes, List.copyOf(untested), why, seriesNotes);
  }

  private static String verdict(Direction dir, ChangeDetector.Split cp) {
    return switch (dir) {
      case LOWER_IS_BETTER -> cp.after() > cp.before() ? "slower" : "faster";
      case HIGHER_IS_BETTER -> cp.after() < cp.before() ? "slower" : "faster";
      case UNKNOWN -> "changed";
    };
  }

  /** Null when every run could start a detected change (a history too short for any has a reason). */
  static String untestedReason(int runs, int untested) {
    int need = ChangeDetector.MIN_RUNS;
    if (runs < 2 * need) {
      return "no run can be tested yet: " + runs + (runs == 1 ? " run" : " runs") + " with values; a change needs >= "
          + need + " runs before and >= " + need + " after it";
    }
    if (untested == 0) {
      return null;
    }
    String last = untested == 1 ? "the last run cannot" : "the last " + untested + " runs cannot";
    if (untested < need) {
      return last + " be tested yet: need >= " + need + " runs after a change";
    }
    return last + " be tested yet: need >= " + need + " runs after a change and >= " + need + " since the previous one";
  }

  /**
   * Lab rounds (each the mean of its forks) when there are two or more, else fork means, else one
   * fork's iterations: {@link Sample#nested} over the rounds' forks.
   */
  static Sample replicates(List<Metric> rounds) {
    List<double[]> iterations = new ArrayList<>();
    List<Double> forkMeans = new ArrayList<>();
    List<Integer> roundOf = new ArrayList<>();
    int base = 0;
    for (Metric m : rounds) {
      // the reader already folds a lab's rounds into one metric (Metric.rounds); keep them apart
      iterations.addAll(List.of(m.iterationValues()));
      double[] means = m.forkMeans();
      int[] within = m.rounds();
      int next = base;
      for (int f = 0; f < means.length; f++) {
        forkMeans.add(means[f]);
        roundOf.add(base + within[f]);
        next = Math.max(next, base + within[f] + 1);
      }
      base = next;
    }
    return Sample.nested(iterations.toArray(double[][]::new), forkMeans.stream().mapToDouble(d -> d).toArray(),
        roundOf.stream().mapToInt(i -> i).toArray());
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
