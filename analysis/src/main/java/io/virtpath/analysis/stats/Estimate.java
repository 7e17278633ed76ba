package io.virtpath.analysis.stats;

/**
 * A point estimate with its confidence interval. The interval is NaN ("not available") with fewer
 * than {@link #MIN_N} replicates, or when its lower bound of a positive quantity would be zero or
 * below: a t-interval from two values is technically defined but so wide
 * and so sensitive to the normality assumption that printing it would mislead.
 *
 * @param mean the mean of the replicates
 * @param n the number of replicates behind it
 * @param unit what one replicate is: forks or iterations
 */
public record Estimate(double mean, double ciLow, double ciHigh, int n, String unit, double confidence) {
  public static final int MIN_N = 3;

  /** Student-t interval of the mean of {@code sample}. */
  public static Estimate of(Sample sample, double confidence) {
    int n = sample.n();
    double mean = sample.mean();
    if (n < MIN_N) {
      return new Estimate(mean, Double.NaN, Double.NaN, n, sample.unit(), confidence);
    }
    double se = Math.sqrt(sample.variance() / n);
    double t = MathFactory.studentT(n - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
    double lo = mean - t * se;
    if (lo <= 0 && java.util.Arrays.stream(sample.values()).allMatch(v -> v > 0)) {
      // a time or a rate cannot be negative; a symmetric interval that says it can is not an
      // interval of this quantity, so none is shown
      return new Estimate(mean, Double.NaN, Double.NaN, n, sample.unit(), confidence);
    }
    return new Estimate(mean, lo, mean + t * se, n, sample.unit(), confidence);
  }

  public boolean ciAvailable() {
    return Double.isFinite(ciLow) && Double.isFinite(ciHigh);
  }
}
