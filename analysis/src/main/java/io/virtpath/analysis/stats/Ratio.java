package io.virtpath.analysis.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ratio of two means with a confidence interval.
 *
 * <p>Small samples (the usual case: 3 to 10 forks) get Fieller's interval, which is exact when the
 * means are normally distributed and, unlike the delta method, stays asymmetric around the ratio
 * as it should. From {@link #BOOTSTRAP_MIN_N} replicates on each side the percentile bootstrap is
 * used instead: it needs no normality, and at that size its coverage is close to nominal (below
 * it, the percentile bootstrap is known to be too narrow). See docs/analysis.md.
 *
 * @param method {@code fieller} or {@code bootstrap}; null when no interval is available
 */
public record Ratio(double value, double ciLow, double ciHigh, String method) {
  public static final String FIELLER = "fieller";
  public static final String BOOTSTRAP = "bootstrap";
  public static final int BOOTSTRAP_MIN_N = 20;
  public static final int RESAMPLES = 4000;

  public boolean ciAvailable() {
    return Double.isFinite(ciLow) && Double.isFinite(ciHigh);
  }

  /**
   * mean(numerator) / mean(denominator).
   *
   * @param seed fixes the bootstrap's resampling, so that a report is reproducible
   */
  public static Ratio of(Sample numerator, Sample denominator, double confidence, long seed) {
    double value = numerator.mean() / denominator.mean();
    if (numerator.n() < Estimate.MIN_N || denominator.n() < Estimate.MIN_N || !Double.isFinite(value)) {
      return new Ratio(value, Double.NaN, Double.NaN, null);
    }
    if (numerator.n() >= BOOTSTRAP_MIN_N && denominator.n() >= BOOTSTRAP_MIN_N) {
      return bootstrap(numerator.values(), denominator.values(), confidence, seed);
    }
    return fieller(numerator, denominator, confidence);
  }

  /**
   * Fieller's theorem for independent samples: the set of rho with (a - rho b)^2 <= t^2 (va +
   * rho^2 vb), t on Welch-Satterthwaite degrees of freedom for a - rho b. Unbounded (NaN) when the
   * denominator's mean is not significantly different from zero.
   */
  static Ratio fieller(Sample num, Sample den, double confidence) {
    double a = num.mean();
    double b = den.mean();
    double va = num.variance() / num.n();
    double vb = den.variance() / den.n();
    double r = a / b;
    double df;
    double denomDf = va * va / (num.n() - 1) + Math.pow(r, 4) * vb * vb / (den.n() - 1);
    df = denomDf > 0 ? Math.pow(va + r * r * vb, 2) / denomDf : num.n() + den.n() - 2;
    double t = MathFactory.studentT(df).inverseCumulativeProbability(1 - (1 - confidence) / 2);
    double q = b * b - t * t * vb;
    if (q <= 0) {
      return new Ratio(r, Double.NaN, Double.NaN, null);
    }
    double disc = a * a * vb + b * b * va - t * t * va * vb;
    double half = t * Math.sqrt(Math.max(0, disc));
    double lo = (a * b - half) / q;
    double hi = (a * b + half) / q;
    return new Ratio(r, Math.min(lo, hi), Math.max(lo, hi), FIELLER);
  }

  /** Percentile bootstrap: each side resampled with replacement, independently. */
  static Ratio bootstrap(double[] num, double[] den, double confidence, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] ratios = new double[RESAMPLES];
    for (int b = 0; b < RESAMPLES; b++) {
      ratios[b] = resampledMean(num, rnd) / resampledMean(den, rnd);
    }
    Arrays.sort(ratios);
    double tail = (1 - confidence) / 2;
    double value = mean(num) / mean(den);
    return new Ratio(value, quantile(ratios, tail), quantile(ratios, 1 - tail), BOOTSTRAP);
  }

  private static double resampledMean(double[] x, SplittableRandom rnd) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[rnd.nextInt(x.length)];
    }
    return s / x.length;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** Type-7 quantile (R's default) of sorted values. */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
