package io.virtpath.analysis.stats;

import java.util.Arrays;

/**
 * The replicates of one measurement: per-fork means when there are several forks (iterations
 * within a fork share a JIT compilation and a heap layout, so they are not independent), or the
 * iterations of the single fork otherwise.
 *
 * @param values finite replicate values
 * @param unit {@code forks} or {@code iterations}: what one replicate is
 * @param dropped values left out because JMH wrote NaN or an infinity
 */
public record Sample(double[] values, String unit, int dropped) {
  public static final String FORKS = "forks";
  public static final String ITERATIONS = "iterations";

  public static Sample of(double[] values, String unit) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
    return new Sample(finite, unit, values.length - finite.length);
  }

  /**
   * Replicates from JMH's per-fork iteration values ({@code [fork][iteration]}): fork means with two
   * or more forks that have values, else the single fork's iterations.
   */
  public static Sample fromForks(double[][] iterations, double[] forkMeans) {
    long forksWithValues = Arrays.stream(forkMeans).filter(Double::isFinite).count();
    if (forksWithValues >= 2) {
      return of(forkMeans, FORKS);
    }
    for (int f = 0; f < iterations.length; f++) {
      if (Double.isFinite(forkMeans[f])) {
        int nonFinite = 0;
        for (double[] other : iterations) {
          if (other != iterations[f]) {
            nonFinite += other.length;
          }
        }
        Sample s = of(iterations[f], ITERATIONS);
        return new Sample(s.values, ITERATIONS, s.dropped + nonFinite);
      }
    }
    return new Sample(new double[0], ITERATIONS, Arrays.stream(iterations).mapToInt(a -> a.length).sum());
  }

  public int n() {
    return values.length;
  }

  public double mean() {
    if (values.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s / values.length;
  }

  /** Unbiased variance; NaN below two values. */
  public double variance() {
    return values.length < 2 ? Double.NaN : MathFactory.descriptive(values).getVariance();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sample s && Arrays.equals(values, s.values) && unit.equals(s.unit) && dropped == s.dropped;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values) * 31 + unit.hashCode() + dropped;
  }

  @Override
  public String toString() {
    return "Sample[n=" + values.length + " " + unit + ", mean=" + mean() + "]";
  }
}
