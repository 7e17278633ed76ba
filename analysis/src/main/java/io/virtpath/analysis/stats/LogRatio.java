package io.virtpath.analysis.stats;

/**
 * The ratio of two positive quantities, estimated and tested on the log scale: Welch's t on the
 * logarithms of the replicates. The interval {@code exp(d ± t·se)} is that of the ratio of
 * geometric means; it is positive by construction and symmetric in the log, as a ratio's
 * uncertainty is (2× slower and 2× faster are equally far from 1). The interval excludes 1 exactly
 * when the test's p-value is below {@code 1 - level}: the interval and the test are one decision,
 * read two ways.
 *
 * <p>Costs and rates are multiplicative (a guest path is "3× slower", not "2 µs slower"), and the
 * spread of benchmark replicates grows with their level, so the log scale is also where the
 * t-test's equal-shape assumption holds best (Kalibera and Jones 2013 use it for the same reason).
 *
 * @param ratio exp(mean log numerator - mean log denominator): the ratio of geometric means
 * @param ciLow lower bound at {@code level}; NaN when not available
 * @param ciHigh upper bound at {@code level}; NaN when not available
 * @param p two-sided Welch p-value of "the ratio is 1"; NaN when not available
 * @param se standard error of the log ratio
 * @param df Welch-Satterthwaite degrees of freedom
 */
public record LogRatio(double ratio, double ciLow, double ciHigh, double p, double se, double df, double level) {

  public boolean ciAvailable() {
    return Double.isFinite(ciLow) && Double.isFinite(ciHigh);
  }

  /**
   * numerator / denominator at confidence {@code level}. Not available (NaN bounds) with fewer than
   * {@link Estimate#MIN_N} replicates on a side, or with a value that is not positive.
   */
  public static LogRatio of(Sample numerator, Sample denominator, double level) {
    double[] a = logs(numerator.values());
    double[] b = logs(denominator.values());
    if (a == null || b == null || a.length < Estimate.MIN_N || b.length < Estimate.MIN_N) {
      double r = a == null || b == null || a.length == 0 || b.length == 0 ? Double.NaN
          : Math.exp(mean(a) - mean(b));
      return new LogRatio(r, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, level);
    }
    double d = mean(a) - mean(b);
    double va = variance(a) / a.length;
    double vb = variance(b) / b.length;
    double se = Math.sqrt(va + vb);
    if (se == 0) {
      // identical replicates on both sides: no spread to test against; the ratio is exact
      double r = Math.exp(d);
      return new LogRatio(r, r, r, d == 0 ? 1 : 0, 0, Double.POSITIVE_INFINITY, level);
    }
    double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
    var t = MathFactory.studentT(df);
    double q = t.inverseCumulativeProbability(1 - (1 - level) / 2);
    double p = 2 * t.cumulativeProbability(-Math.abs(d) / se);
    return new LogRatio(Math.exp(d), Math.exp(d - q * se), Math.exp(d + q * se), p, se, df, level);
  }

  /**
   * The replicates per side that would make the interval's half-width (on the log scale) about
   * {@code target}, from the present spread; the t quantile is kept at its present value, so this
   * is a rough figure ("about N"), slightly low for small samples.
   */
  public int replicatesFor(double target, int nowPerSide) {
    if (!(se > 0) || !(target > 0)) {
      return -1;
    }
    double q = MathFactory.studentT(Double.isFinite(df) ? df : 1e6).inverseCumulativeProbability(1 - (1 - level) / 2);
    double halfWidth = q * se;
    return (int) Math.ceil(nowPerSide * (halfWidth / target) * (halfWidth / target));
  }

  private static double[] logs(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] > 0)) {
        return null;
      }
      out[i] = Math.log(v[i]);
    }
    return out;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double variance(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return s / (x.length - 1);
  }
}
