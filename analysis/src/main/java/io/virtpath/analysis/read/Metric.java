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

  /** The same metric with every number expressed in {@code target}. */
  public Metric inUnit(ScoreUnit target) {
    double f = unit.factorTo(target);
    if (f == 1.0) {
      return new Metric(name, target, jmhScore, jmhError, raw, histograms, rounds);
    }
    double[][] r = new double[raw.length][];
    for (int i = 0; i < raw.length; i++) {
      r[i] = raw[i].clone();
      for (int j = 0; j < r[i].length; j++) {
        r[i][j] *= f;
      }
    }
    Histogram[][] h = null;
    if (histograms != null) {
      h = new Histogram[histograms.length][];
      for (int i = 0; i < histograms.length; i++) {
        h[i] = new Histogram[histograms[i].length];
        for (int j = 0; j < histograms[i].length; j++) {
          h[i][j] = histograms[i][j].scaled(f);
        }
      }
    }
    return new Metric(name, target, jmhScore * f, jmhError * f, r, h, rounds);
  }
}
