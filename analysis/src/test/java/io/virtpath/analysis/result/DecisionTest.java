package io.virtpath.analysis.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.stats.LogRatio;
import io.virtpath.analysis.stats.Sample;
import org.junit.jupiter.api.Test;

/** The verdict rule, case by case; each case is one a user met with the rule before it. */
class DecisionTest {
  private static final Settings S = Settings.DEFAULTS; // threshold 5 %, fork bound 2x

  private static Sample forks(double... v) {
    return new Sample(v, Sample.FORKS, 0);
  }

  private static Sample iterations(double... v) {
    return new Sample(v, Sample.ITERATIONS, 0);
  }

  /** An interval with the given bounds, as {@link LogRatio} draws it (only the bounds matter here). */
  private static LogRatio interval(double lo, double hi) {
    return new LogRatio(Math.sqrt(lo * hi), lo, hi, 0.5, Math.log(hi / lo) / 4, 8, 0.99);
  }

  /** Five interleaved rounds: the design whose spread includes run-to-run variation. */
  private static final Sample FIVE = new Sample(new double[] {1, 1.01, 0.99, 1.02, 0.98}, Sample.ROUNDS, 0);

  @Test
  void oneForkIsInconclusiveUnlessTheChangeIsBeyondTheForkBound() {
    // tight iterations of one fork once called "slower" between two runs of one configuration
    Sample a = iterations(100, 100.1, 99.9, 100.2, 99.8);
    Sample b = iterations(108, 108.1, 107.9, 108.2, 107.8);
    Decision d = Decision.of(1.08, null, a, b, S);
    assertEquals(Verdict.INCONCLUSIVE, d.verdict());
    assertNull(d.interval(), "no interval is shown beside it: none carries the verdict");
    assertTrue(d.notes().get(0).startsWith("one fork on the baseline: run-to-run variation unknown"), d.notes().get(0));
    // -Xint: 70x must still fail the gate
    assertEquals(Verdict.SLOWER, Decision.of(70, null, a, b, S).verdict());
    assertEquals(Verdict.FASTER, Decision.of(1 / 70.0, null, a, b, S).verdict());
  }

  @Test
  void forksOfOneRunNeedTheRunToRunBoundToo() {
    // real repeated runs: two 3-fork runs of one configuration differed 5.5x with tight forks
    Sample a = forks(100, 101, 99);
    Sample b = forks(550, 552, 549);
    Decision d = Decision.of(5.5, interval(5.3, 5.7), a, b, S);
    assertEquals(Verdict.INCONCLUSIVE, d.verdict());
    assertTrue(d.notes().get(0).startsWith("one run on the baseline: a change under 7x (the run-to-run bound)")
        && d.notes().get(0).contains("interleave runs"), d.notes().toString());
    assertEquals(Verdict.SLOWER, Decision.of(70, interval(60, 80), a, b, S).verdict(), "-Xint: beyond the bound");
    assertEquals(Verdict.INCONCLUSIVE, Decision.of(1.0, interval(0.99, 1.01), a, b, S).verdict(),
        "nor can one run a side show equivalence");
    // a user who measured their machine: the interval alone decides
    Settings quiet = S.withRunBound(1);
    assertEquals(Verdict.SLOWER, Decision.of(1.10, interval(1.05, 1.15), a, b, quiet).verdict());
    assertEquals(Verdict.NO_CHANGE, Decision.of(1.0, interval(0.99, 1.01), a, b, quiet).verdict());
  }

  @Test
  void twoForksAt150PercentIsInconclusiveNotNoChange() {
    Decision d = Decision.of(1.5, null, forks(1, 1.2), forks(1.5, 1.8), S);
    assertEquals(Verdict.INCONCLUSIVE, d.verdict());
    assertTrue(d.notes().get(0).startsWith("2 forks on the baseline"), d.notes().toString());
  }

  @Test
  void anIntervalThatHoldsBothIsInconclusiveWithWhatWouldResolveIt() {
    // 0.76-1.56 once printed NO CHANGE
    Decision d = Decision.of(1.09, interval(0.76, 1.56), FIVE, FIVE, S);
    assertEquals(Verdict.INCONCLUSIVE, d.verdict());
    assertTrue(d.notes().get(0).contains("holds both no change and a change beyond 5 %")
        && d.notes().get(0).contains("rounds per side"), d.notes().toString());
  }

  @Test
  void noChangeOnlyWhenTheWholeIntervalIsWithinTheThreshold() {
    assertEquals(Verdict.NO_CHANGE, Decision.of(1.01, interval(0.97, 1.04), FIVE, FIVE, S).verdict());
    assertEquals(Verdict.INCONCLUSIVE, Decision.of(1.01, interval(0.97, 1.06), FIVE, FIVE, S).verdict());
  }

  @Test
  void slowerAndFasterNeedAnIntervalThatExcludesOneAndAChangeBeyondTheThreshold() {
    assertEquals(Verdict.SLOWER, Decision.of(1.10, interval(1.02, 1.19), FIVE, FIVE, S).verdict());
    assertEquals(Verdict.FASTER, Decision.of(1 / 1.10, interval(1 / 1.19, 1 / 1.02), FIVE, FIVE, S).verdict());
    // 85x with an interval of 55.9-116 is slower, whatever a p-value elsewhere said
    assertEquals(Verdict.SLOWER, Decision.of(85, interval(55.9, 116), FIVE, FIVE, S).verdict());
    // a real but small change whose interval reaches beyond the threshold: not "no change"
    Decision small = Decision.of(1.03, interval(1.01, 1.06), FIVE, FIVE, S);
    assertEquals(Verdict.INCONCLUSIVE, small.verdict());
    assertTrue(small.notes().get(0).startsWith("a real change"), small.notes().toString());
    // a large ratio whose interval still holds 1 is not established
    assertEquals(Verdict.INCONCLUSIVE, Decision.of(1.5, interval(0.9, 2.5), FIVE, FIVE, S).verdict());
    // ... unless it is beyond the fork-to-fork bound: more forks never make a change harder to call
    // than one fork would (real -Xint run: forks 607, 823, 2741 ns, 34.5x, interval 0.74-1051)
    Decision wide = Decision.of(34.5, interval(0.74, 1051), FIVE, FIVE, S);
    assertEquals(Verdict.SLOWER, wide.verdict());
    assertNull(wide.interval(), "the verdict rests on the bound, so the interval is not shown as its basis");
  }
}
