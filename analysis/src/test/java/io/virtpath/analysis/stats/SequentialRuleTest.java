package io.virtpath.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.stats.SequentialRule.Look;
import io.virtpath.analysis.stats.SequentialRule.Outlook;
import io.virtpath.analysis.stats.SequentialRule.Verdict;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/**
 * The sequential rule's intervals against values computed without it (R's paired t-test on
 * Student's sleep data; Commons Math's t distribution called by hand), its verdicts, the frozen
 * verdict of a comparison, and the outlook of an undecided one.
 */
class SequentialRuleTest {
  /** alpha whose first share, alpha * 6 / pi^2, is exactly 0.05: look 1 is then a 95 % interval. */
  private static final double ALPHA_95_AT_LOOK_1 = 0.05 * Math.PI * Math.PI / 6;

  private static double[] sleepDifferences() {
    double[] d = new double[10];
    for (int i = 0; i < d.length; i++) {
      d[i] = ReferenceValuesTest.SLEEP_1[i] - ReferenceValuesTest.SLEEP_2[i];
    }
    return d;
  }

  @Test
  void firstLookIsRsPairedTInterval() {
    // R: t.test(sleep$extra[1:10], sleep$extra[11:20], paired = TRUE)
    //   -> t = -4.0621, df = 9, p-value = 0.002833
    //      95 percent confidence interval: -2.4598858 -0.7001142; mean difference -1.58
    // read here as log ratios, so the rule's bounds are their exponentials
    SequentialRule rule = new SequentialRule(ALPHA_95_AT_LOOK_1, 0.10, 3);
    Look look = rule.look(sleepDifferences(), 1);
    assertEquals(0.95, look.level(), 1e-15);
    assertEquals(Math.exp(-1.58), look.ratio(), 1e-12);
    assertEquals(-2.4598858, Math.log(look.ciLow()), 5e-7);
    assertEquals(-0.7001142, Math.log(look.ciHigh()), 5e-7);
    assertEquals(Verdict.FASTER, look.verdict(), "the whole interval is below 1: A costs less");
    assertEquals(10, look.n());
  }

  @Test
  void laterLookMatchesCommonsMathByHand() {
    double[] d = {0.031, -0.012, 0.054, 0.020, 0.008, 0.043, -0.005, 0.027};
    int j = 7;
    SequentialRule rule = SequentialRule.defaults();
    Look look = rule.look(d, j);

    double mean = 0;
    for (double v : d) {
      mean += v;
    }
    mean /= d.length;
    double ss = 0;
    for (double v : d) {
      ss += (v - mean) * (v - mean);
    }
    double se = Math.sqrt(ss / (d.length - 1) / d.length);
    double alphaJ = 0.05 * 6 / (Math.PI * Math.PI * j * j);
    double q = new TDistribution(d.length - 1).inverseCumulativeProbability(1 - alphaJ / 2);
    assertEquals(1 - alphaJ, look.level(), 1e-15);
    assertEquals(mean - q * se, Math.log(look.ciLow()), 1e-8);
    assertEquals(mean + q * se, Math.log(look.ciHigh()), 1e-8);
    assertEquals(Math.sqrt(ss / (d.length - 1)), look.sd(), 1e-15);
    assertEquals(j, look.look());
  }

  @Test
  void sharesOfAlphaSumToAlpha() {
    SequentialRule rule = SequentialRule.defaults();
    double sum = 0;
    for (int j = 1; j <= 1_000_000; j++) {
      sum += rule.alphaAt(j);
    }
    // the tail beyond J is about alpha * 6 / (pi^2 J)
    assertEquals(0.05, sum, 1e-7);
    assertEquals(0.05 * 6 / Math.PI / Math.PI, rule.alphaAt(1), 1e-17);
  }

  @Test
  void verdictsFromTheInterval() {
    SequentialRule rule = SequentialRule.defaults();
    double m = Math.log(1.1);
    assertEquals(Verdict.SLOWER, rule.verdict(0.01, 0.2));
    assertEquals(Verdict.FASTER, rule.verdict(-0.2, -0.01));
    assertEquals(Verdict.EQUIVALENT, rule.verdict(-m, m), "the margin is closed, [1/1.1, 1.1]");
    assertEquals(Verdict.UNDECIDED, rule.verdict(-m, m + 1e-9));
    assertEquals(Verdict.UNDECIDED, rule.verdict(-0.3, 0.01));
    // a real but small difference: slower, and the interval shows it lies inside the margin
    assertEquals(Verdict.SLOWER, rule.verdict(0.02, 0.06));
    Look both = new Look(Verdict.SLOWER, Math.exp(0.04), Math.exp(0.02), Math.exp(0.06), 0.99, 10, 8, 0.01);
    assertTrue(rule.insideMargin(both));
  }

  @Test
  void identicalBlocksGiveAPointInterval() {
    SequentialRule rule = SequentialRule.defaults();
    Look same = rule.look(new double[] {0, 0, 0}, 1);
    assertEquals(Verdict.EQUIVALENT, same.verdict());
    assertEquals(1.0, same.ciLow());
    Look up = rule.look(new double[] {0.1, 0.1, 0.1}, 1);
    assertEquals(Verdict.SLOWER, up.verdict());
  }

  @Test
  void refusesWhatItCannotJudge() {
    SequentialRule rule = SequentialRule.defaults();
    assertThrows(IllegalArgumentException.class, () -> rule.look(new double[] {0.1, 0.2}, 1));
    assertThrows(IllegalArgumentException.class, () -> rule.look(new double[] {0.1, 0.2, Double.NaN}, 1));
    assertThrows(IllegalArgumentException.class, () -> rule.look(new double[] {0.1, 0.2, 0.3}, 0));
    assertThrows(IllegalArgumentException.class, () -> new SequentialRule(0.05, 0.1, 2));
    assertThrows(IllegalArgumentException.class, () -> new SequentialRule(0, 0.1, 3));
    assertThrows(IllegalArgumentException.class, () -> new SequentialRule(0.05, 0, 3));
    SequentialComparison c = new SequentialComparison(rule);
    assertThrows(IllegalArgumentException.class, () -> c.addCosts(0, 1));
    assertThrows(IllegalArgumentException.class, () -> c.addRates(1, Double.POSITIVE_INFINITY));
  }

  @Test
  void aDecidedComparisonStaysDecided() {
    SequentialComparison c = new SequentialComparison(SequentialRule.defaults());
    c.addCosts(110, 100);
    c.addCosts(111, 100);
    assertTrue(c.look().isEmpty(), "no look before three blocks");
    assertEquals(0, c.looks());
    c.addCosts(109, 100);
    Look first = c.look().orElseThrow();
    assertEquals(1, first.look());
    assertEquals(Verdict.SLOWER, first.verdict(), first.toString());
    // blocks that point the other way are kept, but do not reopen the verdict or spend a look
    for (int i = 0; i < 20; i++) {
      c.addCosts(50, 100);
    }
    assertEquals(first, c.look().orElseThrow());
    assertEquals(Verdict.SLOWER, c.verdict());
    assertEquals(1, c.looks());
    assertEquals(23, c.blocks());
    assertEquals(0, c.outlook(100, 2.5).orElseThrow().extraBlocks());
  }

  @Test
  void ratesAreInverseCosts() {
    SequentialComparison c = new SequentialComparison(SequentialRule.defaults());
    for (int i = 0; i < 3; i++) {
      c.addRates(1000 + i, 2000); // A does half the operations per second: A costs twice as much
    }
    Look look = c.look().orElseThrow();
    assertEquals(Verdict.SLOWER, look.verdict());
    assertEquals(2.0, look.ratio(), 0.01);
  }

  @Test
  void outlookCountsTheGrowingLookIndex() {
    SequentialRule rule = SequentialRule.defaults();
    double[] d = {0.05, 0.25, -0.15, 0.30, -0.10, 0.05};
    Look now = rule.look(d, 4);
    assertEquals(Verdict.UNDECIDED, now.verdict());
    Outlook o = rule.outlook(now, 1000, 2.5);
    assertEquals(now.ciHigh() / now.ratio(), o.resolvable(), 1e-12);
    assertTrue(o.extraBlocks() > 0, o.toString());
    assertEquals(o.extraBlocks() * 2.5, o.minutes(), 1e-12);

    // by hand: the first k at which the interval around the same mean, with the same sd, at n + k
    // values and look 4 + k, excludes 1 or fits inside [1/1.1, 1.1]
    double mean = Math.log(now.ratio());
    int expected = -1;
    for (int k = 1; k <= 1000 && expected < 0; k++) {
      int n = d.length + k;
      int j = 4 + k;
      double alphaJ = 0.05 * 6 / (Math.PI * Math.PI * j * j);
      double half = new TDistribution(n - 1).inverseCumulativeProbability(1 - alphaJ / 2) * now.sd() / Math.sqrt(n);
      boolean excludes = Math.abs(mean) > half;
      boolean inside = Math.abs(mean) + half <= Math.log(1.1);
      if (excludes || inside) {
        expected = k;
      }
    }
    assertEquals(expected, o.extraBlocks());

    // a mean at 1 with a spread ten times the margin: not within a cap of 20 blocks, and said so
    Look wide = rule.look(new double[] {0.9, -0.9, 0.5, -0.5}, 2);
    Outlook far = rule.outlook(wide, 20, 2.5);
    assertTrue(far.beyondCap());
    assertTrue(Double.isNaN(far.minutes()));
    assertFalse(wide.verdict().decided());
  }
}
