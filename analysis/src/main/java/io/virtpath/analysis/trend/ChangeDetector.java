package io.virtpath.analysis.trend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Change points of one series by binary segmentation, each split tested by {@link SplitTest}, the
 * way Apache Otava (formerly Hunter; Fleming et al., ICPE 2023) replaced E-Divisive's permutation
 * test by a t-test: a permutation test over a few runs cannot reach a small p-value (three runs
 * after a split of nine can be arranged in only C(9,3) = 84 ways), a t-test can, and it is
 * deterministic.
 *
 * <p>In a segment, every split with at least {@link #MIN_RUNS} runs on each side is a candidate;
 * the one with the smallest p-value is kept when its p-value times the number of candidates
 * (Bonferroni: the best of K tests is tested, not one chosen in advance) is at most alpha. The
 * search then continues inside both halves. A kept split is reported as a change point only when
 * the level moved by more than the threshold; smaller significant shifts still divide the
 * segments (they are real) and are listed apart. With no change anywhere, the first test is the
 * only chance of a false change point, so a history has one with probability at most alpha.
 */
final class ChangeDetector {
  /** Fewest runs on each side of a change: one odd run at either end must not read as a new level. */
  static final int MIN_RUNS = 3;

  private final double alpha;
  private final double threshold;

  ChangeDetector(double alpha, double threshold) {
    this.alpha = alpha;
    this.threshold = threshold;
  }

  /**
   * A significant split at {@code index}, the first run (0-based, among the series' runs with
   * values) of the new level.
   *
   * @param candidates splits searched in the segment where it was found
   * @param pAdjusted {@code min(1, p * candidates)}
   * @param before geometric mean of the replicates of the segment before
   * @param after geometric mean of the replicates of the segment after
   */
  record Split(int index, int candidates, double p, double pAdjusted, double before, double after) {
    double relativeChange() {
      return after / before - 1;
    }
  }

  /**
   * @param changes kept splits whose change exceeds the threshold, oldest first
   * @param small kept splits within the threshold
   * @param undecided per segment where the search stopped, its best split when that moved the level
   *     by more than the threshold and was significant on its own, but not after the correction for
   *     the splits searched: a change that more runs may confirm
   * @param untestedFrom index of the oldest run of the newest stretch in which no change could have
   *     been found (runs {@code untestedFrom .. n-1}); {@code n} when every run could start one
   */
  record Detection(List<Split> changes, List<Split> small, List<Split> undecided, int untestedFrom) {}

  /** @param logs per run, the logarithms of its replicates; every run has at least one */
  Detection detect(double[][] logs) {
    int n = logs.length;
    List<double[]> kept = new ArrayList<>(); // {index, candidates, p}
    List<Split> undecided = new ArrayList<>();
    Deque<int[]> segments = new ArrayDeque<>();
    segments.add(new int[] {0, n});
    while (!segments.isEmpty()) {
      int[] seg = segments.poll();
      int from = seg[0];
      int to = seg[1];
      int candidates = to - from - 2 * MIN_RUNS + 1;
      if (candidates < 1) {
        continue;
      }
      int best = -1;
      double bestT = -1;
      double bestP = 2;
      for (int split = from + MIN_RUNS; split <= to - MIN_RUNS; split++) {
        SplitTest.Result r = SplitTest.test(logs, from, split, to);
        // smallest p; among equal ones (0 when nothing varies) the largest |t|
        if (r.p() < bestP || (r.p() == bestP && Math.abs(r.t()) > bestT)) {
          best = split;
          bestT = Math.abs(r.t());
          bestP = r.p();
        }
      }
      if (Math.min(1, bestP * candidates) <= alpha) {
        kept.add(new double[] {best, candidates, bestP});
        segments.add(new int[] {from, best});
        segments.add(new int[] {best, to});
      } else {
        SplitTest.Result r = SplitTest.test(logs, from, best, to);
        Split s = new Split(best, candidates, bestP, Math.min(1, bestP * candidates), Math.exp(r.logBefore()),
            Math.exp(r.logAfter()));
        if (Math.abs(s.relativeChange()) > threshold && bestP <= alpha) {
          undecided.add(s);
        }
      }
    }
    kept.sort(Comparator.comparingDouble(k -> k[0]));
    List<Integer> bounds = new ArrayList<>();
    bounds.add(0);
    kept.forEach(k -> bounds.add((int) k[0]));
    bounds.add(n);
    List<Split> changes = new ArrayList<>();
    List<Split> small = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      int at = bounds.get(i + 1);
      int candidates = (int) kept.get(i)[1];
      double p = kept.get(i)[2];
      SplitTest.Result r = SplitTest.test(logs, bounds.get(i), at, bounds.get(i + 2));
      Split s = new Split(at, candidates, p, Math.min(1, p * candidates), Math.exp(r.logBefore()),
          Math.exp(r.logAfter()));
      (Math.abs(s.relativeChange()) > threshold ? changes : small).add(s);
    }
    undecided.sort(Comparator.comparingInt(Split::index));
    return new Detection(changes, small, undecided, untestedFrom(n, bounds.get(bounds.size() - 2)));
  }

  /**
   * The newest runs where a change could not have been found: the last {@code MIN_RUNS - 1}, or, when
   * the last segment (from the newest kept split, or the start) is too short for any split, all of
   * it after its first run.
   */
  static int untestedFrom(int n, int lastSegmentStart) {
    if (n - lastSegmentStart < 2 * MIN_RUNS) {
      return Math.min(n, lastSegmentStart + 1);
    }
    return n - MIN_RUNS + 1;
  }
}
