package io.virtpath.analysis.read;

import java.util.Arrays;

/**
 * One SampleTime iteration's histogram as JMH writes it ({@code [[value, count], ...]}), values
 * ascending. JMH keeps the samples only in this form, so means and percentiles come from here.
 */
public record Histogram(double[] values, long[] counts) {

  public Histogram {
    if (values.length != counts.length) {
      throw new IllegalArgumentException("values and counts differ in length");
    }
  }

  public long count() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  public double mean() {
    double sum = 0;
    long n = 0;
    for (int i = 0; i < values.length; i++) {
      sum += values[i] * counts[i];
      n += counts[i];
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** The same histogram with every value multiplied by {@code factor} (unit conversion). */
  public Histogram scaled(double factor) {
    double[] v = values.clone();
    for (int i = 0; i < v.length; i++) {
      v[i] *= factor;
    }
    return new Histogram(v, counts);
  }

  /** Sums histograms (all forks and iterations of a benchmark) into one, values ascending. */
  public static Histogram merge(Iterable<Histogram> parts) {
    java.util.TreeMap<Double, Long> all = new java.util.TreeMap<>();
    for (Histogram h : parts) {
      for (int i = 0; i < h.values.length; i++) {
        all.merge(h.values[i], h.counts[i], Long::sum);
      }
    }
    double[] v = new double[all.size()];
    long[] c = new long[all.size()];
    int i = 0;
    for (var e : all.entrySet()) {
      v[i] = e.getKey();
      c[i++] = e.getValue();
    }
    return new Histogram(v, c);
  }

  /**
   * The {@code p} (0..1) percentile as JMH computes it for its {@code scorePercentiles} and its
   * {@code ·p0.99} secondary metrics (Commons Math's default estimator over the expanded samples):
   * position {@code p * (n + 1)}, interpolated between the two neighbouring samples; the minimum
   * below position 1, the maximum from position n. Using JMH's definition keeps the report's
   * percentiles equal to the ones JMH and metrics.json print for the same data; {@code 0} and
   * {@code 1} are the recorded minimum and maximum.
   */
  public double percentile(double p) {
    long n = count();
    if (n == 0) {
      return Double.NaN;
    }
    double pos = p * (n + 1);
    if (pos < 1) {
      return valueAtRank(1);
    }
    if (pos >= n) {
      return valueAtRank(n);
    }
    long rank = (long) Math.floor(pos);
    double lower = valueAtRank(rank);
    double upper = valueAtRank(rank + 1);
    return lower + (pos - rank) * (upper - lower);
  }

  /** The {@code rank}-th smallest sample (1-based). */
  private double valueAtRank(long rank) {
    long seen = 0;
    for (int i = 0; i < values.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h && Arrays.equals(values, h.values) && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Histogram[" + values.length + " buckets, " + count() + " samples]";
  }
}
