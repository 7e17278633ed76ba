package io.virtpath.analysis.stats;

import java.util.Arrays;

/**
 * The replicates of one measurement, at the highest level of the design that has two or more
 * units: lab rounds, else forks, else the iterations of the single fork.
 *
 * <p>Each level holds a source of variation the one below cannot see: iterations inside one JVM
 * share one JIT compilation, one heap layout and one set of OS placement decisions, so they are
 * not independent (Georges et al. 2007; Kalibera and Jones 2013); forks of one round share the
 * round's machine state (a guest's boot, a page-cache fill, a neighbour's load), which interleaved
 * rounds vary. Nesting takes the mean at each level, so every replicate stands for one unit of the
 * highest level and the spread between them includes everything below it.
 *
 * @param values finite replicate values
 * @param unit {@code rounds}, {@code forks} or {@code iterations}: what one replicate is
 * @param dropped iteration values left out because JMH wrote NaN or an infinity
 */
public record Sample(double[] values, String unit, int dropped) {
  public static final String ROUNDS = "rounds";
  public static final String FORKS = "forks";
  public static final String ITERATIONS = "iterations";

  public static Sample of(double[] values, String unit) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
    return new Sample(finite, unit, values.length - finite.length);
  }

  /** As {@link #nested} with every fork in one round. */
  public static Sample fromForks(double[][] iterations, double[] forkMeans) {
    return nested(iterations, forkMeans, new int[forkMeans.length]);
  }

  /**
   * Replicates from JMH's per-fork iteration values ({@code [fork][iteration]}), the per-fork
   * means and the round of each fork: round means (each the mean of its forks' means) with two or
   * more rounds that have values, else fork means with two or more forks that have values, else
   * the iterations of the one fork that has values. {@code dropped} counts every non-finite
   * iteration value, whatever level the replicates are at.
   */
  public static Sample nested(double[][] iterations, double[] forkMeans, int[] rounds) {
    int dropped = 0;
    for (double[] fork : iterations) {
      for (double v : fork) {
        dropped += Double.isFinite(v) ? 0 : 1;
      }
    }
    java.util.TreeMap<Integer, double[]> byRound = new java.util.TreeMap<>();
    for (int f = 0; f < forkMeans.length; f++) {
      if (Double.isFinite(forkMeans[f])) {
        double[] acc = byRound.computeIfAbsent(rounds[f], r -> new double[2]);
        acc[0] += forkMeans[f];
        acc[1]++;
      }
    }
    if (byRound.size() >= 2) {
      return new Sample(byRound.values().stream().mapToDouble(a -> a[0] / a[1]).toArray(), ROUNDS, dropped);
    }
    double[] finiteForks = Arrays.stream(forkMeans).filter(Double::isFinite).toArray();
    if (finiteForks.length >= 2) {
      return new Sample(finiteForks, FORKS, dropped);
    }
    for (int f = 0; f < forkMeans.length; f++) {
      if (Double.isFinite(forkMeans[f])) {
        return new Sample(Arrays.stream(iterations[f]).filter(Double::isFinite).toArray(), ITERATIONS, dropped);
      }
    }
    return new Sample(new double[0], ITERATIONS, dropped);
  }

  /** Whether the replicates are independent runs (rounds or forks), not one fork's iterations. */
  public boolean independent() {
    return !ITERATIONS.equals(unit);
  }

  /** The sample with every value multiplied by {@code factor} (a unit conversion). */
  public Sample scaled(double factor) {
    return new Sample(Arrays.stream(values).map(v -> v * factor).toArray(), unit, dropped);
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
