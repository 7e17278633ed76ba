package io.virtpath.analysis.read;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SampleTime percentiles from the samples themselves. JMH writes {@code p0.00} ... {@code p1.00}
 * as secondary metrics whose {@code rawData} holds one percentile per iteration; averaging those
 * (as replicates are averaged) gives no percentile of the data: the mean of the iterations' maxima
 * is below the true maximum. Each such metric is rebuilt from the histograms: one value per fork
 * (the percentile of the fork's merged histogram, so an interval across forks means what it means
 * for the primary metric) and, as its score, the percentile of all forks merged.
 */
final class SampleTimePercentiles {
  private static final Pattern NAME = Pattern.compile("p[01]\\.\\d+");

  private SampleTimePercentiles() {}

  /** {@code p0.99} -> 0.99; NaN for a name JMH does not give a SampleTime percentile. */
  static double rank(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Double.NaN;
    }
    double p = Double.parseDouble(name.substring(1));
    return p <= 1 ? p : Double.NaN;
  }

  /**
   * {@code secondary} with each percentile metric recomputed from {@code primary}'s histograms;
   * unchanged when the primary has none, and a percentile in another unit than the primary's
   * (which JMH does not write) is left as it is.
   */
  static Map<String, Metric> rebuild(Metric primary, Map<String, Metric> secondary) {
    if (!primary.hasHistograms()) {
      return secondary;
    }
    Histogram all = primary.mergedHistogram();
    Histogram[] forks = new Histogram[primary.histograms().length];
    for (int f = 0; f < forks.length; f++) {
      forks[f] = Histogram.merge(List.of(primary.histograms()[f]));
    }
    Map<String, Metric> out = new LinkedHashMap<>();
    for (var e : secondary.entrySet()) {
      Metric m = e.getValue();
      double p = rank(e.getKey());
      if (Double.isNaN(p) || !m.unit().text().equals(primary.unit().text())) {
        out.put(e.getKey(), m);
        continue;
      }
      double[][] perFork = new double[forks.length][];
      for (int f = 0; f < forks.length; f++) {
        // a fork without samples (all its iterations empty) has no percentile: no replicate
        perFork[f] = forks[f].count() == 0 ? new double[0] : new double[] {forks[f].percentile(p)};
      }
      // JMH's scoreError for a percentile is NaN; one value per fork carries no error of its own
      out.put(e.getKey(), new Metric(m.name(), m.unit(), all.percentile(p), Double.NaN, perFork, null));
    }
    return out;
  }
}
