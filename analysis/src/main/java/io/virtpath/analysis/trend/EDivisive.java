package io.virtpath.analysis.trend;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * E-Divisive change-point detection (Matteson and James, 2014, "A nonparametric approach for
 * multiple change point analysis of multivariate data", JASA 109(505)) with the permutation
 * significance test, as used by MongoDB's performance CI (Daly et al., ICPE 2020) and Apache
 * Otava (formerly Hunter). Univariate, alpha = 1 (absolute differences), and the segment end fixed
 * at the end of the interval (MongoDB's "E-Divisive means" form), which keeps one pass O(n^2).
 *
 * <p>Divisive: find the split with the largest energy statistic Q over all current segments;
 * keep it if a permutation test (values shuffled within each segment, best Q recomputed) says a
 * Q that large is unlikely without a change; repeat until a split is not significant.
 */
public final class EDivisive {
  private final double alpha;
  private final int permutations;
  private final int minSize;
  private final long seed;

  /**
   * @param alpha a split is kept when its permutation p-value is at most this
   * @param permutations permutations per test; the smallest p-value possible is 1/(permutations+1)
   * @param minSize fewest points on either side of a change point
   */
  public EDivisive(double alpha, int permutations, int minSize, long seed) {
    if (minSize < 1 || permutations < 1) {
      throw new IllegalArgumentException("minSize and permutations must be >= 1");
    }
    this.alpha = alpha;
    this.permutations = permutations;
    this.minSize = minSize;
    this.seed = seed;
  }

  /** A change between index-1 and index: the value at {@code index} is the first of the new level. */
  public record ChangePoint(int index, double statistic, double pValue, double meanBefore, double meanAfter) {
    /** (after - before) / |before|. */
    public double relativeChange() {
      return (meanAfter - meanBefore) / Math.abs(meanBefore);
    }
  }

  record Split(int tau, double q) {}

  public List<ChangePoint> detect(double[] x) {
    TreeSet<Integer> cuts = new TreeSet<>();
    List<double[]> found = new ArrayList<>(); // {index, q, p}
    SplittableRandom rnd = new SplittableRandom(seed);
    while (true) {
      Split best = bestOverSegments(x, cuts);
      if (best == null || best.q <= 0) {
        break;
      }
      int atLeast = 0;
      double[] shuffled = x.clone();
      for (int r = 0; r < permutations; r++) {
        shuffleWithinSegments(shuffled, cuts, rnd);
        Split s = bestOverSegments(shuffled, cuts);
        if (s != null && s.q >= best.q * (1 - 1e-12)) {
          atLeast++;
        }
      }
      double p = (atLeast + 1.0) / (permutations + 1.0);
      if (p > alpha) {
        break;
      }
      cuts.add(best.tau);
      found.add(new double[] {best.tau, best.q, p});
    }
    List<Integer> bounds = new ArrayList<>();
    bounds.add(0);
    bounds.addAll(cuts);
    bounds.add(x.length);
    List<ChangePoint> out = new ArrayList<>();
    for (double[] f : found) {
      int tau = (int) f[0];
      int i = bounds.indexOf(tau);
      out.add(new ChangePoint(tau, f[1], f[2], mean(x, bounds.get(i - 1), tau), mean(x, tau, bounds.get(i + 1))));
    }
    out.sort((a, b) -> Integer.compare(a.index, b.index));
    return out;
  }

  private Split bestOverSegments(double[] x, TreeSet<Integer> cuts) {
    Split best = null;
    int start = 0;
    for (int end : withEnd(cuts, x.length)) {
      Split s = bestSplit(x, start, end, minSize);
      if (s != null && (best == null || s.q > best.q)) {
        best = s;
      }
      start = end;
    }
    return best;
  }

  private static List<Integer> withEnd(TreeSet<Integer> cuts, int n) {
    List<Integer> ends = new ArrayList<>(cuts);
    ends.add(n);
    return ends;
  }

  private void shuffleWithinSegments(double[] x, TreeSet<Integer> cuts, SplittableRandom rnd) {
    int start = 0;
    for (int end : withEnd(cuts, x.length)) {
      for (int i = end - 1; i > start; i--) {
        int j = start + rnd.nextInt(i - start + 1);
        double t = x[i];
        x[i] = x[j];
        x[j] = t;
      }
      start = end;
    }
  }

  /**
   * The split of x[start, end) maximising Q(tau) = n1 n2 / (n1 + n2) * (2/(n1 n2) * C - A /
   * C(n1,2) - B / C(n2,2)), with A and B the sums of |xi - xj| within the left and right part and
   * C across them. Moving the split by one updates A and B in O(n), so a scan is O(n^2).
   */
  static Split bestSplit(double[] x, int start, int end, int minSize) {
    int n = end - start;
    if (n < 2 * minSize) {
      return null;
    }
    double total = 0;
    for (int i = start; i < end; i++) {
      for (int j = i + 1; j < end; j++) {
        total += Math.abs(x[i] - x[j]);
      }
    }
    double within = 0; // A: pairs inside [start, tau)
    double right = total; // B: pairs inside [tau, end)
    Split best = null;
    for (int tau = start + 1; tau <= end - minSize; tau++) {
      double moved = x[tau - 1];
      double toLeft = 0;
      for (int i = start; i < tau - 1; i++) {
        toLeft += Math.abs(moved - x[i]);
      }
      double toRight = 0;
      for (int j = tau; j < end; j++) {
        toRight += Math.abs(moved - x[j]);
      }
      within += toLeft;
      right -= toRight;
      int n1 = tau - start;
      int n2 = end - tau;
      if (n1 < minSize) {
        continue;
      }
      double cross = total - within - right;
      double e = 2.0 * cross / ((double) n1 * n2) - pairsMean(within, n1) - pairsMean(right, n2);
      double q = (double) n1 * n2 / n * e;
      if (best == null || q > best.q) {
        best = new Split(tau, q);
      }
    }
    return best;
  }

  private static double pairsMean(double sum, int k) {
    return k < 2 ? 0 : sum / (k * (k - 1) / 2.0);
  }

  private static double mean(double[] x, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += x[i];
    }
    return s / (to - from);
  }
}
