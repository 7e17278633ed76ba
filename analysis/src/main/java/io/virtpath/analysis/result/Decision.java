package io.virtpath.analysis.result;

import io.virtpath.analysis.stats.LogRatio;
import io.virtpath.analysis.stats.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The verdict on one cost ratio (above 1 = the target is slower), read from the interval shown
 * beside it. The rule, in words (docs/analysis.md, "Verdicts"):
 *
 * <ul>
 *   <li><b>slower</b> / <b>faster</b>: the interval excludes 1 and the ratio is beyond the threshold;
 *   <li><b>no change</b>: the whole interval lies within the threshold (equivalence, not "nothing
 *       was found");
 *   <li><b>inconclusive</b>: anything else, with what would resolve it.
 * </ul>
 *
 * <p>With fewer than three independent replicates on a side (one fork, whose iterations share one
 * JIT compilation and heap layout, or two forks), the run-to-run variation is unknown and no
 * interval is shown: the change is called only beyond {@link Settings#forkBound()}, the measured
 * bound on fork-to-fork variation; below it, inconclusive. With three or more forks of one run a
 * side (not interleaved rounds), the interval must exclude 1 and the change must also exceed
 * {@link Settings#runBound()}: on real repeated runs, the means of two 3-fork runs of one
 * configuration differed by up to 5.5x while each run's forks agreed closely.
 *
 * @param ratio the cost ratio shown (from the two point estimates)
 * @param interval the interval the verdict was read from; null when the inputs cannot give one
 */
public record Decision(Verdict verdict, double ratio, LogRatio interval, List<String> notes) {

  /**
   * @param costRatio the ratio of the point estimates, oriented as a cost
   * @param interval the cost ratio's interval at the family's level (from the replicates)
   * @param base the baseline's replicates, target the target's: for "independent" and "n"
   */
  public static Decision of(double costRatio, LogRatio interval, Sample base, Sample target, Settings s) {
    List<String> notes = new ArrayList<>();
    double limit = 1 + s.threshold();
    if (!Double.isFinite(costRatio) || costRatio <= 0) {
      notes.add("no ratio: a point estimate is missing, zero or negative");
      return new Decision(Verdict.INCONCLUSIVE, costRatio, null, notes);
    }
    String few = fewReplicates(base, target);
    if (few != null) {
      if (costRatio >= s.forkBound() || 1 / costRatio >= s.forkBound()) {
        notes.add(few + ": run-to-run variation unknown; called because the change exceeds "
            + times(s.forkBound()) + ", the bound on fork-to-fork variation (docs/analysis.md)");
        return new Decision(costRatio > 1 ? Verdict.SLOWER : Verdict.FASTER, costRatio, null, notes);
      }
      notes.add(few + ": run-to-run variation unknown, so a change under " + times(s.forkBound())
          + " cannot be judged; run at least 3 forks on each side (-f 3)");
      return new Decision(Verdict.INCONCLUSIVE, costRatio, null, notes);
    }
    if (costRatio >= s.forkBound() || 1 / costRatio >= s.forkBound()) {
      // more forks must never make a change harder to call than one fork would
      notes.add("called because the change exceeds " + times(s.forkBound()) + ", the bound on fork-to-fork "
          + "variation" + (interval != null && interval.ciAvailable() && interval.ciLow() <= 1 && interval.ciHigh() >= 1
              ? "; the forks' spread alone (interval " + Format.ratioRange(interval.ciLow(), interval.ciHigh())
                  + ") could not" : ""));
      return new Decision(costRatio > 1 ? Verdict.SLOWER : Verdict.FASTER, costRatio,
          interval != null && interval.ciAvailable() && (interval.ciLow() > 1 || interval.ciHigh() < 1) ? interval
              : null, notes);
    }
    if (interval == null || !interval.ciAvailable()) {
      notes.add("no interval: a replicate is zero or negative, or has no spread to test");
      return new Decision(Verdict.INCONCLUSIVE, costRatio, null, notes);
    }
    double lo = interval.ciLow();
    double hi = interval.ciHigh();
    String oneRun = oneRunEach(base, target, s);
    if (oneRun != null) {
      boolean beyond = costRatio >= s.runBound() || 1 / costRatio >= s.runBound();
      if (beyond && (lo > 1 || hi < 1)) {
        return new Decision(costRatio > 1 ? Verdict.SLOWER : Verdict.FASTER, costRatio, interval, notes);
      }
      notes.add(String.format(Locale.ROOT, "%s: a change under %s (the run-to-run bound) cannot be told from "
          + "run-to-run variation, which forks of one run do not see (interval %s); interleave runs (lab --rounds "
          + "3) or pass --run-bound measured on this machine", oneRun, times(s.runBound()), Format.ratioRange(lo, hi)));
      return new Decision(Verdict.INCONCLUSIVE, costRatio, interval, notes);
    }
    if (lo > 1 && costRatio >= limit) {
      return new Decision(Verdict.SLOWER, costRatio, interval, notes);
    }
    if (hi < 1 && 1 / costRatio >= limit) {
      return new Decision(Verdict.FASTER, costRatio, interval, notes);
    }
    if (lo >= 1 / limit && hi <= limit) {
      return new Decision(Verdict.NO_CHANGE, costRatio, interval, notes);
    }
    double logR = Math.abs(Math.log(costRatio));
    double logLimit = Math.log(limit);
    // to call it a change the half-width must fall under |log r|; to call it none, under the
    // room left between the ratio and the threshold
    double needed = logR >= logLimit ? logR : logLimit - logR;
    int n = Math.min(base.n(), target.n());
    int more = needed < 0.1 * logLimit ? -1 : interval.replicatesFor(needed, n);
    String resolve = more < 0 || more > 100 ? "more than 100 " + base.unit() + " per side would be needed"
        : "needs about " + Math.max(more, n + 1) + " " + base.unit() + " per side (now " + n + ")";
    String range = Format.ratioRange(lo, hi);
    if (lo > 1 || hi < 1) {
      notes.add(String.format(Locale.ROOT, "a real change (interval %s), smaller than the %s threshold at its "
          + "estimate but reaching beyond it: %s", range, Settings.percent(s.threshold()), resolve));
    } else {
      notes.add(String.format(Locale.ROOT, "the interval %s holds both no change and a change beyond %s: %s",
          range, Settings.percent(s.threshold()), resolve));
    }
    return new Decision(Verdict.INCONCLUSIVE, costRatio, interval, notes);
  }

  /** Why a side's replicates cannot carry an interval, or null when both can. */
  static String fewReplicates(Sample base, Sample target) {
    for (Sample x : List.of(base, target)) {
      String side = x == base ? "the baseline" : "the other side";
      if (!x.independent()) {
        return "one fork on " + side;
      }
      if (x.n() < io.virtpath.analysis.stats.Estimate.MIN_N) {
        return x.n() + " " + x.unit() + " on " + side;
      }
    }
    return null;
  }

  /**
   * Non-null when a side's replicates are the forks of one run and the run-to-run bound is in
   * force: the spread of those forks says nothing about how much two runs differ.
   */
  static String oneRunEach(Sample base, Sample target, Settings s) {
    if (s.runBound() <= 1 + s.threshold()) {
      return null;
    }
    if (!Sample.ROUNDS.equals(base.unit()) || !Sample.ROUNDS.equals(target.unit())) {
      return "one run " + (!Sample.ROUNDS.equals(base.unit()) ? "on the baseline" : "on the other side");
    }
    return null;
  }

  private static String times(double x) {
    return x == Math.rint(x) ? String.format(Locale.ROOT, "%.0fx", x) : String.format(Locale.ROOT, "%.3gx", x);
  }
}
