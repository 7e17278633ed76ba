package io.virtpath.analysis.read;

import java.util.ArrayList;
import java.util.List;

/**
 * One metric of one benchmark result: JMH's primary metric or a secondary one (a profiler's
 * {@code gc.alloc.rate}, an {@code @AuxCounters} field). Raw samples are kept as JMH recorded them,
 * per fork: {@code raw[fork][iteration]}; SampleTime results also have {@code histograms[fork][iteration]}.
 *
 * @param jmhScore JMH's own score (NaN when JMH wrote "NaN")
 * @param jmhError JMH's 99.9 % half-width (NaN with too few iterations)
 * @param histograms null unless the metric is a SampleTime primary metric
 * @param rounds per fork, the 0-based lab round it ran in (a lab with {@code --rounds N} runs every
 *     target N times; its rounds are one target whose forks carry their round); all zeros for a
 *     single round or a plain file. Never null; null given means all zeros.
 */
public record Metric(
    String name, ScoreUnit unit, double jmhScore, double jmhError, double[][] raw, Histogram[][] histograms,
    int[] rounds) {

  public Metric {
    int forks = histograms != null ? histograms.length : raw.length;
    if (rounds == null) {
      rounds = new int[forks];
    } else if (rounds.length != forks) {
      throw new IllegalArgumentException("rounds has " + rounds.length + " entries for " + forks + " forks");
    }
  }

  /** A metric of one round: every fork in round 0. */
  public Metric(String name, ScoreUnit unit, double jmhScore, double jmhError, double[][] raw,
      Histogram[][] histograms) {
    this(name, unit, jmhScore, jmhError, raw, histograms, null);
  }

  public int forks() {
    return histograms != null ? histograms.length : raw.length;
  }

  public boolean hasHistograms() {
    return histograms != null;
  }

  /**
   * Per-fork lists of per-iteration values: the iteration scores, or for SampleTime the mean of
   * each iteration's histogram (JMH's {@code rawData} for SampleTime is absent or coarse).
   */
  public double[][] iterationValues() {
    if (histograms == null) {
      return raw;
    }
    double[][] out = new double[histograms.length][];
    for (int f = 0; f < histograms.length; f++) {
      out[f] = new double[histograms[f].length];
      for (int i = 0; i < histograms[f].length; i++) {
        out[f][i] = histograms[f][i].mean();
      }
    }
    return out;
  }

  /** Per-fork values: each fork's mean (SampleTime: the mean over all of the fork's samples). */
  public double[] forkMeans() {
    double[] out = new double[forks()];
    if (histograms != null) {
      for (int f = 0; f < histograms.length; f++) {
        out[f] = Histogram.merge(List.of(histograms[f])).mean();
      }
      return out;
    }
    for (int f = 0; f < raw.length; f++) {
      double s = 0;
      int n = 0;
      for (double v : raw[f]) {
        if (Double.isFinite(v)) {
          s += v;
          n++;
        }
      }
      out[f] = n == 0 ? Double.NaN : s / n;
    }
    return out;
  }

  /** All SampleTime samples of all forks and iterations in one histogram; null for other modes. */
  public Histogram mergedHistogram() {
    if (histograms == null) {
      return null;
    }
    List<Histogram> all = new ArrayList<>();
    for (Histogram[] fork : histograms) {
      all.addAll(List.of(fork));
    }
    return Histogram.merge(all);
  }

  /**
   * JMH's score recomputed from the raw data, so a point estimate agrees with what JMH printed for
   * the same data: SampleTime, the mean of every sample of every fork (an iteration with many
   * slow samples weighs as many samples, not as one iteration); other modes, the mean of every
   * finite iteration value of every fork. A SampleTime percentile ({@link #percentileRank()}) is
   * not a mean of anything: its pooled value is the percentile of all forks' samples together,
   * which the reader put into {@code jmhScore} (see {@link SampleTimePercentiles}).
   */
  public double pooledMean() {
    if (histograms != null) {
      return mergedHistogram().mean();
    }
    if (!Double.isNaN(percentileRank())) {
      return jmhScore;
    }
    double sum = 0;
    long n = 0;
    for (double[] fork : raw) {
      for (double v : fork) {
        if (Double.isFinite(v)) {
          sum += v;
          n++;
        }
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * The rank (0..1) of a SampleTime percentile metric, which JMH names {@code p0.00} ...
   * {@code p1.00} ({@code p0.99} = 0.99); NaN for any other metric. Java field names cannot contain
   * a dot, so no {@code @AuxCounters} metric is mistaken for one.
   */
  public double percentileRank() {
    return SampleTimePercentiles.rank(name);
  }

  /**
   * The same metric in a unit of another kind, every number multiplied by {@code factor}: JMH's
   * ops/s turned into a suite's MB/s by its bytes per operation, which no unit alone can know.
   */
  public Metric rescaled(ScoreUnit target, double factor) {
    double[][] r = new double[raw.length][];
    for (int i = 0; i < raw.length; i++) {
      r[i] = raw[i].clone();
      for (int j = 0; j < r[i].length; j++) {
        r[i][j] *= factor;
      }
    }
    Histogram[][] h = null;
    if (histograms != null) {
      h = new Histogram[histograms.length][];
      for (int i = 0; i < histograms.length; i++) {
        h[i] = new Histogram[histograms[i].length];
        for (int j = 0; j < histograms[i].length; j++) {
          h[i][j] = histograms[i][j].scaled(factor);
        }
      }
    }
    return new Metric(name, target, jmhScore * factor, jmhError * factor, r, h, rounds);
  }

  /** The same metric with every number expressed in {@code target}. */
  public Metric inUnit(ScoreUnit target) {
    double f = unit.factorTo(target);
    return f == 1.0 ? new Metric(name, target, jmhScore, jmhError, raw, histograms, rounds) : rescaled(target, f);
  }
}
