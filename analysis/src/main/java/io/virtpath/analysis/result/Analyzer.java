package io.virtpath.analysis.result;

import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.read.BenchmarkResult;
import io.virtpath.analysis.read.Direction;
import io.virtpath.analysis.read.Loaded;
import io.virtpath.analysis.read.Metric;
import io.virtpath.analysis.read.RunData;
import io.virtpath.analysis.read.ScoreUnit;
import io.virtpath.analysis.read.Skipped;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.stats.Estimate;
import io.virtpath.analysis.stats.Sample;
import io.virtpath.core.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Statistics per benchmark and target, and each target against the baseline; then one
 * multiple-comparison correction over all primary-metric tests of the suite.
 */
public final class Analyzer {
  public static final String DEFAULT_BASELINE = "host";

  private final Settings settings;

  public Analyzer(Settings settings) {
    this.settings = settings;
  }

  /**
   * @param requestedBaseline the {@code --baseline} given, or null for the default: the target
   *     labelled {@code host}, else the first target; none when there is only one target
   */
  public Analysis analyze(Loaded loaded, String requestedBaseline) {
    List<RunData> runs = loaded.labelled();
    List<TargetData> targets = runs.stream().flatMap(r -> r.targets().stream()).toList();
    List<TargetData> measured = targets.stream().filter(t -> !t.results().isEmpty()).toList();
    if (measured.isEmpty()) {
      List<String> why = new ArrayList<>();
      loaded.skipped().forEach(s -> why.add(s.toString()));
      targets.forEach(t -> why.add(t.source() + ": target '" + t.label() + "' has no results ("
          + t.completeness().describe() + ")"));
      throw new UsageException("nothing to analyse: every input was skipped or has no results:\n  "
          + String.join("\n  ", why));
    }
    List<String> labels = targets.stream().map(TargetData::label).toList();
    List<String> measuredLabels = measured.stream().map(TargetData::label).toList();
    String baseline;
    String note;
    if (requestedBaseline != null && !labels.contains(requestedBaseline)) {
      throw new UsageException("--baseline " + requestedBaseline + ": no such target in the inputs; targets: "
          + String.join(", ", labels));
    }
    if (requestedBaseline != null && !measuredLabels.contains(requestedBaseline)) {
      throw new UsageException("--baseline " + requestedBaseline + ": the target has no results ("
          + targets.get(labels.indexOf(requestedBaseline)).completeness().describe() + "); choose one of: "
          + String.join(", ", measuredLabels));
    }
    String without = measured.size() < targets.size() ? " (" + targets.stream().filter(t -> t.results().isEmpty())
        .map(t -> t.label() + " has none: " + t.completeness().describe()).collect(Collectors.joining("; ")) + ")"
        : "";
    if (measured.size() == 1) {
      baseline = null;
      note = "One target " + (targets.size() == 1 ? "only" : "with results only") + " ('" + measuredLabels.get(0)
          + "'" + without + "): per-benchmark statistics without ratios. "
          + "Give a lab record or several inputs to compare targets.";
    } else if (requestedBaseline != null) {
      baseline = requestedBaseline;
      note = "Baseline: '" + baseline + "' (--baseline).";
    } else if (measuredLabels.contains(DEFAULT_BASELINE)) {
      baseline = DEFAULT_BASELINE;
      note = "Baseline: '" + baseline + "' (the default).";
    } else {
      baseline = measuredLabels.get(0);
      note = without.isEmpty()
          ? "Baseline: '" + baseline + "', the first input: no target is named '" + DEFAULT_BASELINE
              + "' (choose another with --baseline)."
          : "Baseline: '" + baseline + "', the first input with results: no target named '" + DEFAULT_BASELINE
              + "' has results" + without + " (choose another with --baseline).";
    }
    List<String> notes = new ArrayList<>();
    Map<String, Map<BenchmarkKey, BenchmarkResult>> index = new LinkedHashMap<>();
    for (TargetData t : targets) {
      index.put(t.label(), byKey(t, notes));
    }
    TreeSet<BenchmarkKey> keys = new TreeSet<>();
    index.values().forEach(m -> keys.addAll(m.keySet()));
    TargetData base = baseline == null ? null : targets.get(labels.indexOf(baseline));
    List<Row> rows = new ArrayList<>();
    for (BenchmarkKey key : keys) {
      BenchmarkResult baseResult = base == null ? null : index.get(baseline).get(key);
      for (TargetData t : targets) {
        BenchmarkResult r = index.get(t.label()).get(key);
        if (r == null) {
          rows.add(Missing.row(key.benchmark(), key.mode(), key.params(), t));
          continue;
        }
        boolean isBase = t == base;
        var diffs = isBase || base == null ? List.<FingerprintDiff.Difference>of()
            : FingerprintDiff.relevantTo(FingerprintDiff.between(base.fingerprint(), t.fingerprint()), key);
        String status = t.completeness().state().json();
        rows(key, t.label(), r, isBase ? null : baseResult, isBase, diffs, notes)
            .forEach(x -> rows.add(x.withTargetStatus(status)));
      }
    }
    rows.addAll(Missing.failedElsewhere(targets, keys));
    return new Analysis(settings, baseline, note, runs, targets, adjust(rows), loaded.skipped(), notes);
  }

  private static Map<BenchmarkKey, BenchmarkResult> byKey(TargetData t, List<String> notes) {
    Map<BenchmarkKey, BenchmarkResult> m = new LinkedHashMap<>();
    for (BenchmarkResult r : t.results()) {
      if (m.putIfAbsent(r.key(), r) != null) {
        notes.add(t.source() + ": " + r.key() + " appears more than once; the first result is used");
      }
    }
    return m;
  }

  /**
   * The rows of one benchmark result: its primary metric and each secondary metric, each against
   * the same metric of {@code base} when given.
   */
  public List<Row> rows(BenchmarkKey key, String target, BenchmarkResult result, BenchmarkResult base,
      boolean isBaseline, List<FingerprintDiff.Difference> diffs, List<String> notes) {
    List<Row> out = new ArrayList<>();
    out.add(row(key, target, Row.PRIMARY, result.primary(), base == null ? null : base.primary(), isBaseline, diffs,
        notes));
    for (var e : result.secondary().entrySet()) {
      Metric b = base == null ? null : base.secondary().get(e.getKey());
      out.add(row(key, target, e.getKey(), e.getValue(), b, isBaseline, List.of(), notes));
    }
    return out;
  }

  private Row row(BenchmarkKey key, String target, String metricName, Metric metric, Metric base, boolean isBaseline,
      List<FingerprintDiff.Difference> diffs, List<String> notes) {
    List<String> rowNotes = new ArrayList<>();
    if (isBaseline) {
      rowNotes.add("baseline");
    }
    if (base != null) {
      ScoreUnit unit = base.unit();
      if (metric.unit().convertibleTo(unit)) {
        metric = metric.inUnit(unit);
      } else {
        String why = key + " " + metricName + ": " + target + " is in " + metric.unit() + ", the baseline in "
            + unit + "; these units do not convert, so this result is not compared";
        notes.add(why);
        rowNotes.add("unit " + metric.unit() + " does not convert to the baseline's " + unit + ": not compared");
        base = null;
      }
    }
    Sample sample = Sample.fromForks(metric.iterationValues(), metric.forkMeans());
    Estimate est = Estimate.of(sample, settings.confidence());
    if (sample.unit().equals(Sample.ITERATIONS) && metric.forks() <= 1 && sample.n() > 0) {
      rowNotes.add("single fork: the interval is over iterations and misses fork-to-fork variation");
    }
    if (sample.dropped() > 0) {
      rowNotes.add(sample.dropped() + " NaN/infinite values left out");
    }
    Direction dir = metric.unit().direction();
    boolean primary = Row.PRIMARY.equals(metricName);
    Double ratio = null;
    Double lo = null;
    Double hi = null;
    String method = null;
    Double pWelch = null;
    Double pPerm = null;
    Double effect = null;
    Double mde = null;
    if (base != null) {
      Sample baseSample = Sample.fromForks(base.iterationValues(), base.forkMeans());
      long seed = (key + "|" + metricName + "|" + target).hashCode();
      Comparison c = Comparison.of(baseSample, sample, dir, settings, seed);
      ratio = Row.json(c.ratio().value());
      lo = Row.json(c.ratio().ciLow());
      hi = Row.json(c.ratio().ciHigh());
      method = c.ratio().method();
      mde = Row.json(c.mde());
      if (primary) {
        pWelch = Row.json(c.pWelch());
        pPerm = Row.json(c.pPermutation());
        effect = Row.json(c.effectSize());
      }
      diffs.forEach(d -> rowNotes.add("fingerprint differs: " + d));
    }
    return new Row(key.benchmark(), key.mode(), key.params(), metricName, target, metric.unit().text(), dir.json(),
        Row.json(est.mean()), Row.json(est.ciLow()), Row.json(est.ciHigh()), est.n(), sample.unit(),
        sample.dropped(), ratio, lo, hi, method, pWelch, pPerm, effect, null, null, null, null, mde, List.copyOf(rowNotes), null,
        null, null);
  }

  /** Holm or BH over every primary row with a p-value; significant when adjusted p < alpha. */
  public List<Row> adjust(List<Row> rows) {
    double[] p = new double[rows.size()];
    for (int i = 0; i < p.length; i++) {
      Row r = rows.get(i);
      p[i] = r.isPrimary() ? Row.num(r.pValue()) : Double.NaN;
    }
    double[] adj = settings.correction().apply(p);
    List<Row> out = new ArrayList<>(rows.size());
    for (int i = 0; i < p.length; i++) {
      Double a = Row.json(adj[i]);
      Boolean significant = a == null ? null : a < settings.alpha();
      Row r = rows.get(i).withAdjusted(a, significant);
      if (r.isMeasuredPrimary() && r.ratio() != null) {
        r = r.withVerdict(verdict(r), settings.confidence());
      }
      // "not significant" only means "no difference" if the data could have seen one
      if (r.isPrimary() && r.mde() != null && r.mde() > settings.threshold() && !Boolean.TRUE.equals(significant)) {
        List<String> notes = new ArrayList<>(r.notes());
        notes.add("cannot resolve a " + Settings.percent(settings.threshold()) + " difference: minimum detectable "
            + "effect " + Settings.percent(r.mde()) + " (more forks or iterations needed)");
        r = r.withNotes(List.copyOf(notes));
      }
      out.add(r);
    }
    return out;
  }

  Verdict verdict(Row b) {
    if (b.ratio() == null || b.significant() == null) {
      return Verdict.INCONCLUSIVE;
    }
    if (!b.significant()) {
      return Verdict.NO_CHANGE;
    }
    double limit = 1 + settings.threshold();
    if (b.ratio() >= limit) {
      return Verdict.SLOWER;
    }
    if (1 / b.ratio() >= limit) {
      return Verdict.FASTER;
    }
    return Verdict.NO_CHANGE;
  }

  public Settings settings() {
    return settings;
  }
}
