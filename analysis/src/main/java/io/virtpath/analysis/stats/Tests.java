package io.virtpath.analysis.stats;

import java.util.SplittableRandom;
import org.apache.commons.math3.exception.MathIllegalArgumentException;

/** Two-sample significance tests and effect sizes on replicates. */
public final class Tests {
  /** Above this many distinct splits a permutation test samples instead of enumerating. */
  static final long EXACT_LIMIT = 20_000;
  static final int MONTE_CARLO = 9_999;

  private Tests() {}

  /**
   * Welch's two-sided t-test p-value (unequal variances); NaN with fewer than two values on a side
   * or with no variance on either side.
   */
  public static double welchP(Sample x, Sample y) {
    if (x.n() < 2 || y.n() < 2) {
      return Double.NaN;
    }
    if (x.variance() == 0 && y.variance() == 0) {
      return Double.NaN;
    }
    try {
      return MathFactory.tTest().tTest(x.values(), y.values());
    } catch (MathIllegalArgumentException e) {
      return Double.NaN;
    }
  }

  /** Welch-Satterthwaite degrees of freedom of the difference of the two means. */
  public static double welchDf(Sample x, Sample y) {
    double vx = x.variance() / x.n();
    double vy = y.variance() / y.n();
    return Math.pow(vx + vy, 2) / (vx * vx / (x.n() - 1) + vy * vy / (y.n() - 1));
  }

  /**
   * Two-sided permutation test of the difference of means (Pitman): the share of relabellings of
   * the pooled replicates whose |mean difference| is at least the observed one. Exact when there
   * are at most {@link #EXACT_LIMIT} relabellings, else {@link #MONTE_CARLO} random ones with the
   * (count + 1) / (R + 1) estimate. It assumes only exchangeability, not normality; its smallest
   * possible p-value is 1 / C(n+m, n), which for 3 + 3 forks is 0.05.
   */
  public static double permutationP(Sample x, Sample y, long seed) {
    int n = x.n();
    int m = y.n();
    if (n < 1 || m < 1 || n + m < 3) {
      return Double.NaN;
    }
    double[] pooled = new double[n + m];
    System.arraycopy(x.values(), 0, pooled, 0, n);
    System.arraycopy(y.values(), 0, pooled, n, m);
    double total = 0;
    for (double v : pooled) {
      total += v;
    }
    double observed = Math.abs(meanDiff(sum(x.values()), n, total, m));
    double tolerance = 1e-9 * Math.max(1e-300, Math.abs(observed));
    long combinations = binomial(n + m, n);
    if (combinations <= EXACT_LIMIT) {
      long[] count = {0};
      enumerate(pooled, n, 0, 0, 0.0, total, m, observed - tolerance, count);
      return (double) count[0] / combinations;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] shuffled = pooled.clone();
    int extreme = 0;
    for (int r = 0; r < MONTE_CARLO; r++) {
      double s = 0;
      for (int i = 0; i < n; i++) { // partial Fisher-Yates: the first n are a random subset
        int j = i + rnd.nextInt(shuffled.length - i);
        double tmp = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = tmp;
        s += shuffled[i];
      }
      if (Math.abs(meanDiff(s, n, total, m)) >= observed - tolerance) {
        extreme++;
      }
    }
    return (extreme + 1.0) / (MONTE_CARLO + 1.0);
  }

  private static void enumerate(
      double[] pooled, int k, int start, int chosen, double sum, double total, int m, double limit, long[] count) {
    if (chosen == k) {
      if (Math.abs(meanDiff(sum, k, total, m)) >= limit) {
        count[0]++;
      }
      return;
    }
    for (int i = start; i <= pooled.length - (k - chosen); i++) {
      enumerate(pooled, k, i + 1, chosen + 1, sum + pooled[i], total, m, limit, count);
    }
  }

  private static double meanDiff(double sumX, int n, double total, int m) {
    return sumX / n - (total - sumX) / m;
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s;
  }

  static long binomial(int n, int k) {
    long r = 1;
    for (int i = 1; i <= k; i++) {
      r = r * (n - k + i) / i;
      if (r > Long.MAX_VALUE / (n + 1)) {
        return Long.MAX_VALUE;
      }
    }
    return r;
  }

  /**
   * Cliff's delta: P(X > Y) - P(X < Y) over all pairs, in [-1, 1]; the rank-biserial
   * correlation of the Mann-Whitney U test (delta = 2U/(nm) - 1). Ties count as neither, which is
   * what makes it robust to latencies rounded to whole nanoseconds.
   */
  public static double cliffsDelta(Sample x, Sample y) {
    if (x.n() == 0 || y.n() == 0) {
      return Double.NaN;
    }
    long greater = 0;
    long less = 0;
    for (double a : x.values()) {
      for (double b : y.values()) {
        if (a > b) {
          greater++;
        } else if (a < b) {
          less++;
        }
      }
    }
    return (double) (greater - less) / ((long) x.n() * y.n());
  }

  /**
   * The smallest relative difference of means that a two-sided Welch test at {@code alpha} would
   * detect with probability {@code power}, relative to |mean(reference)|: (t_{1-alpha/2} +
   * t_{power}) * SE(difference) / |mean|. NaN when it cannot be computed.
   */
  public static double minimumDetectableEffect(Sample reference, Sample other, double alpha, double power) {
    if (reference.n() < 2 || other.n() < 2) {
      return Double.NaN;
    }
    double se = Math.sqrt(reference.variance() / reference.n() + other.variance() / other.n());
    if (se == 0) {
      return 0;
    }
    var t = MathFactory.studentT(welchDf(reference, other));
    double z = t.inverseCumulativeProbability(1 - alpha / 2) + t.inverseCumulativeProbability(power);
    return z * se / Math.abs(reference.mean());
  }
}
