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
   * The smallest value with at least {@code p} (0..1) of the samples at or below it: the
   * nearest-rank definition, which never invents a value between two recorded ones.
   */
  public double percentile(double p) {
    long n = count();
    if (n == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(p * n));
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
