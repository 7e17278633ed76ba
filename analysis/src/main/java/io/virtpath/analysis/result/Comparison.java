package io.virtpath.analysis.result;

import io.virtpath.analysis.read.Direction;
import io.virtpath.analysis.stats.Ratio;
import io.virtpath.analysis.stats.Sample;
import io.virtpath.analysis.stats.Tests;

/**
 * One target against the baseline for one metric, oriented as a cost: {@code ratio > 1} means the
 * target is worse (slower) than the baseline, whatever the unit. For time per op that is
 * target/baseline; for ops per time, baseline/target; for units without a direction, plain
 * target/baseline.
 *
 * @param pWelch two-sided Welch t-test on the replicates
 * @param pPermutation two-sided permutation test of the difference of means
 * @param effectSize Cliff's delta, signed so that positive means the target is worse
 * @param mde minimum detectable effect relative to the baseline mean
 */
public record Comparison(Ratio ratio, double pWelch, double pPermutation, double effectSize, double mde) {

  public static Comparison of(Sample baseline, Sample target, Direction direction, Settings s, long seed) {
    boolean higherIsBetter = direction == Direction.HIGHER_IS_BETTER;
    Ratio ratio = higherIsBetter
        ? Ratio.of(baseline, target, s.confidence(), seed)
        : Ratio.of(target, baseline, s.confidence(), seed);
    double delta = Tests.cliffsDelta(target, baseline);
    return new Comparison(
        ratio,
        Tests.welchP(target, baseline),
        Tests.permutationP(target, baseline, seed),
        higherIsBetter ? -delta : delta,
        Tests.minimumDetectableEffect(baseline, target, s.alpha(), s.power()));
  }
}
