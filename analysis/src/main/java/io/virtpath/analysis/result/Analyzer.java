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
import io.virtpath.analysis.stats.LogRatio;
import io.virtpath.analysis.stats.Tests;
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
  public static final String EMULATED = "emulated";
  public static final String VIRTIO = "virtio";
  /** The target of a cross row: emulated's cost with virtio as the reference. */
  public static final String EMULATED_VS_VIRTIO = EMULATED + "/" + VIRTIO;

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
    List<String> notes = new ArrayList<>(loaded.notes());
    Map<String, Map<BenchmarkKey, BenchmarkResult>> index = new LinkedHashMap<>();
    for (TargetData t : targets) {
      index.put(t.label(), byKey(t, notes));
    }
    TreeSet<BenchmarkKey> keys = new TreeSet<>();
    index.values().forEach(m -> keys.addAll(m.keySet()));
    TargetData base = baseline == null ? null : targets.get(labels.indexOf(baseline));
    List<Candidate> rows = new ArrayList<>();
    for (BenchmarkKey key : keys) {
      BenchmarkResult baseResult = base == null ? null : index.get(baseline).get(key);
      for (TargetData t : targets) {
        BenchmarkResult r = index.get(t.label()).get(key);
        if (r == null) {
          rows.add(Candidate.plain(Missing.row(key.benchmark(), key.mode(), key.params(), t)));
          continue;
        }
        boolean isBase = t == base;
        var diffs = isBase || base == null ? List.<FingerprintDiff.Difference>of()
            : FingerprintDiff.relevantTo(FingerprintDiff.between(base.fingerprint(), t.fingerprint()), key);
        String status = t.completeness().state().json();
        rows(key, t.label(), r, isBase ? null : baseResult, isBase, diffs, notes)
            .forEach(x -> rows.add(x.withRow(x.row().withTargetStatus(status))));
      }
    }
    Missing.failedElsewhere(targets, keys).forEach(r -> rows.add(Candidate.plain(r)));
    List<Candidate> cross = new ArrayList<>();
    if (base != null && index.containsKey(EMULATED) && index.containsKey(VIRTIO)
        && !baseline.equals(EMULATED) && !baseline.equals(VIRTIO)) {
      // the question the lab exists for: what does the paravirtual path save over the emulated one?
      for (BenchmarkKey key : keys) {
        BenchmarkResult e = index.get(EMULATED).get(key);
        BenchmarkResult v = index.get(VIRTIO).get(key);
        if (e != null && v != null) {
          cross.add(rows(key, EMULATED_VS_VIRTIO, e, v, false, List.of(), notes).get(0));
        }
      }
    }
    List<Candidate> family = new ArrayList<>(rows);
    family.addAll(cross);
    List<Row> decided = decide(family);
    return new Analysis(settings, baseline, note, runs, targets, decided.subList(0, rows.size()), loaded.skipped(),
        notes, List.copyOf(decided.subList(rows.size(), decided.size())));
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
   * A row whose comparison waits for its family: the level of every interval depends on how many
   * comparisons the report or the comparison makes, known only when all rows are built.
   *
   * @param base the baseline's replicates (null: nothing to compare with)
   * @param target this row's replicates, in the baseline's unit
   * @param costRatio the ratio of the point estimates, oriented as a cost (above 1 = slower)
   */
  public record Candidate(Row row, Sample base, Sample target, Direction direction, double costRatio) {
    public static Candidate plain(Row r) {
      return new Candidate(r, null, null, null, Double.NaN);
    }

    Candidate withRow(Row r) {
      return new Candidate(r, base, target, direction, costRatio);
    }

    /** A primary-metric comparison: it gets a verdict. */
    boolean decided() {
      return base != null && row.isMeasuredPrimary();
    }

    /** A comparison whose replicates can carry an interval: it is one of the family's tests. */
    boolean tested() {
      return decided() && Decision.fewReplicates(base, target) == null;
    }

    /** The cost ratio's interval: numerator and denominator chosen by the direction. */
    LogRatio interval(double level) {
      return direction == Direction.HIGHER_IS_BETTER ? LogRatio.of(base, target, level)
          : LogRatio.of(target, base, level);
    }
  }

  /**
   * The rows of one benchmark result: its primary metric and each secondary metric, each against
   * the same metric of {@code base} when given. Their verdicts come from {@link #decide}.
   */
  public List<Candidate> rows(BenchmarkKey key, String target, BenchmarkResult result, BenchmarkResult base,
      boolean isBaseline, List<FingerprintDiff.Difference> diffs, List<String> notes) {
    List<Candidate> out = new ArrayList<>();
    out.add(row(key, target, Row.PRIMARY, result.primary(), base == null ? null : base.primary(), isBaseline, diffs,
        notes));
    for (var e : result.secondary().entrySet()) {
      Metric b = base == null ? null : base.secondary().get(e.getKey());
      out.add(row(key, target, e.getKey(), e.getValue(), b, isBaseline, List.of(), notes));
    }
    return out;
  }

  private Candidate row(BenchmarkKey key, String target, String metricName, Metric metric, Metric base,
      boolean isBaseline, List<FingerprintDiff.Difference> diffs, List<String> notes) {
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
    Sample sample = replicates(metric);
    Estimate est = estimate(metric, sample);
    if (!sample.independent() && sample.n() > 0) {
      rowNotes.add("single fork: the interval is over iterations and misses fork-to-fork variation");
    }
    if (sample.n() >= Estimate.MIN_N && !est.ciAvailable()) {
      rowNotes.add("no interval for the score: its replicates vary too much for a symmetric interval of a positive quantity");
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
    Double pPerm = null;
    Double effect = null;
    Double level = null;
    Sample baseSample = null;
    double cost = Double.NaN;
    if (base != null) {
      baseSample = replicates(base);
      double baseMean = estimate(base, baseSample).mean();
      cost = dir == Direction.HIGHER_IS_BETTER ? baseMean / est.mean() : est.mean() / baseMean;
      ratio = Row.json(cost);
      if (primary) {
        long seed = (key + "|" + metricName + "|" + target).hashCode();
        pPerm = Row.json(Tests.permutationP(sample, baseSample, seed));
        double delta = Tests.cliffsDelta(sample, baseSample);
        effect = Row.json(dir == Direction.HIGHER_IS_BETTER ? -delta : delta);
      } else {
        // described, not decided: a plain interval at the per-estimate confidence
        LogRatio r = new Candidate(null, baseSample, sample, dir, cost).interval(settings.confidence());
        lo = Row.json(r.ciLow());
        hi = Row.json(r.ciHigh());
        method = r.ciAvailable() ? LOG_WELCH : null;
        level = r.ciAvailable() ? settings.confidence() : null;
      }
      diffs.forEach(d -> rowNotes.add("fingerprint differs: " + d));
    }
    Row row = new Row(key.benchmark(), key.mode(), key.params(), metricName, target, metric.unit().text(),
        dir.json(), Row.json(est.mean()), Row.json(est.ciLow()), Row.json(est.ciHigh()), est.n(), sample.unit(),
        sample.dropped(), ratio, lo, hi, method, null, pPerm, effect, null, null, level, null, null,
        List.copyOf(rowNotes), null, null, null);
    return new Candidate(row, baseSample, sample, dir, cost);
  }

  /** The replicates of a metric: rounds, forks or (one fork) iterations; see {@link Sample#nested}. */
  static Sample replicates(Metric m) {
    return Sample.nested(m.iterationValues(), m.forkMeans(), m.rounds());
  }

  /** The point estimate (JMH's own score for the same data) with the replicates' interval around it. */
  private Estimate estimate(Metric m, Sample sample) {
    return Estimate.around(m.pooledMean(), sample, settings.confidence());
  }

  /**
   * The family's verdicts: every primary comparison whose replicates can carry an interval gets
   * one at {@code 1 - alpha / m} (Bonferroni over the m such comparisons; {@code 1 - alpha} each
   * when the settings are {@link Settings#perComparison}), and its verdict is read from it; the
   * others are decided by {@link Decision} without an interval.
   */
  public List<Row> decide(List<Candidate> candidates) {
    long m = candidates.stream().filter(Candidate::tested).count();
    long family = settings.simultaneous() ? Math.max(1, m) : 1;
    double level = 1 - settings.alpha() / family;
    List<Row> out = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      if (!c.decided()) {
        out.add(c.row());
        continue;
      }
      Row r = c.row();
      LogRatio ci = c.tested() ? c.interval(level) : null;
      Decision d = Decision.of(c.costRatio(), ci, c.base(), c.target(), settings);
      List<String> notes = new ArrayList<>(r.notes());
      notes.addAll(d.notes());
      boolean shown = d.interval() != null;
      Double p = ci == null ? null : Row.json(ci.p());
      Boolean significant = ci == null || !ci.ciAvailable() ? null : ci.ciLow() > 1 || ci.ciHigh() < 1;
      out.add(new Row(r.benchmark(), r.mode(), r.params(), r.metric(), r.target(), r.unit(), r.direction(),
          r.score(), r.ciLow(), r.ciHigh(), r.n(), r.replicate(), r.dropped(), r.ratio(),
          shown ? Row.json(ci.ciLow()) : null, shown ? Row.json(ci.ciHigh()) : null, shown ? LOG_WELCH : null, p,
          r.pPermutation(), r.effectSize(), p == null ? null : Math.min(1, p * family), significant,
          shown ? level : null, d.verdict(), ci == null ? null : Row.json(mde(ci)), List.copyOf(notes),
          r.targetStatus(), r.missing(), r.missingReason()));
    }
    return out;
  }

  /**
   * The smallest change (relative, as a cost) that the interval's test would find with the
   * settings' power: (t at the family's level + t at the power) standard errors, on the log scale.
   */
  private double mde(LogRatio ci) {
    if (!(ci.se() > 0) || !Double.isFinite(ci.df())) {
      return Double.NaN;
    }
    var t = io.virtpath.analysis.stats.MathFactory.studentT(ci.df());
    double z = t.inverseCumulativeProbability(1 - (1 - ci.level()) / 2)
        + t.inverseCumulativeProbability(settings.power());
    return Math.exp(z * ci.se()) - 1;
  }

  /** {@code ratio_ci_method} of an interval from Welch's t on the log replicates. */
  public static final String LOG_WELCH = "log-welch";

  public Settings settings() {
    return settings;
  }
}
