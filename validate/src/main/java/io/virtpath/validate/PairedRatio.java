package io.virtpath.validate;

import io.virtpath.analysis.stats.MathFactory;

/**
 * The ratio virtpath / reference over interleaved rounds, with a confidence interval.
 *
 * <p>Each round runs both sides back to back, so rounds are paired: a slow round (another tenant,
 * a thermal step, a host cache that was cold) slows both sides alike. The interval therefore comes
 * from the per-round ratios, not from two independent samples: the geometric mean of the ratios,
 * and Student's t on their logarithms (ratios are multiplicative; the log makes 0.5 and 2 equally
 * far from 1). Fewer than two rounds give a ratio without an interval.
 *
 * @param ratio geometric mean of the per-round ratios
 * @param ciLow lower bound, NaN without an interval
 * @param ciHigh upper bound, NaN without an interval
 * @param rounds number of complete rounds
 */
public record PairedRatio(double ratio, double ciLow, double ciHigh, int rounds) {
  public static PairedRatio of(double[] virtpath, double[] reference, double confidence) {
    if (virtpath.length != reference.length) {
      throw new IllegalArgumentException("unpaired: " + virtpath.length + " vs " + reference.length + " rounds");
    }
    int n = virtpath.length;
    if (n == 0) {
      return new PairedRatio(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double[] logs = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      logs[i] = Math.log(virtpath[i] / reference[i]);
      sum += logs[i];
    }
    double mean = sum / n;
    if (n < 2 || !Double.isFinite(mean)) {
      return new PairedRatio(Math.exp(mean), Double.NaN, Double.NaN, n);
    }
    double ss = 0;
    for (double l : logs) {
      ss += (l - mean) * (l - mean);
    }
    double se = Math.sqrt(ss / (n - 1) / n);
    double t = MathFactory.studentT(n - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
    return new PairedRatio(Math.exp(mean), Math.exp(mean - t * se), Math.exp(mean + t * se), n);
  }

  public boolean ciAvailable() {
    return Double.isFinite(ciLow) && Double.isFinite(ciHigh);
  }
}
