package io.virtpath.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/**
 * The log-scale Welch interval against independent computations: Commons Math's own Welch test
 * on the logarithms, a hand-computed example, and a coverage simulation.
 */
class LogRatioTest {
  private static Sample s(double... v) {
    return new Sample(v, Sample.FORKS, 0);
  }

  @Test
  void pValueEqualsCommonsMathsWelchTestOnTheLogs() {
    double[] a = {12.1, 12.9, 11.7, 12.4, 13.0};
    double[] b = {10.2, 10.9, 10.4, 9.8};
    LogRatio r = LogRatio.of(s(a), s(b), 0.95);
    double expected = new TTest().tTest(Arrays.stream(a).map(Math::log).toArray(),
        Arrays.stream(b).map(Math::log).toArray());
    assertEquals(expected, r.p(), 1e-12);
  }

  @Test
  void intervalByHand() {
    // logs of {2, 4, 8} and {1, 2, 4}: means ln4 and ln2, variances (ln2)^2 each; se = ln2 * sqrt(2/3);
    // df = 4 (equal variances and sizes); t(0.975, 4) = 2.7764451051977987
    LogRatio r = LogRatio.of(s(2, 4, 8), s(1, 2, 4), 0.95);
    double se = Math.log(2) * Math.sqrt(2.0 / 3);
    assertEquals(2.0, r.ratio(), 1e-12);
    assertEquals(4.0, r.df(), 1e-9);
    assertEquals(2 * Math.exp(-2.7764451051977987 * se), r.ciLow(), 1e-9);
    assertEquals(2 * Math.exp(2.7764451051977987 * se), r.ciHigh(), 1e-9);
  }

  @Test
  void theIntervalExcludesOneExactlyWhenPIsBelowOneMinusTheLevel() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 500; i++) {
      double shift = 1 + rnd.nextDouble(-0.1, 0.1);
      double[] a = rnd.doubles(4, 95, 105).toArray();
      double[] b = Arrays.stream(rnd.doubles(5, 95, 105).toArray()).map(v -> v * shift).toArray();
      LogRatio r = LogRatio.of(s(b), s(a), 0.99);
      assertEquals(r.p() < 0.01, r.ciLow() > 1 || r.ciHigh() < 1, r.toString());
      assertTrue(r.ciLow() > 0, "positive by construction");
    }
  }

  @Test
  void fewerThanThreeReplicatesOrANonPositiveValueGiveNoInterval() {
    assertFalse(LogRatio.of(s(1, 2), s(1, 2, 3), 0.95).ciAvailable());
    assertFalse(LogRatio.of(s(0, 2, 3), s(1, 2, 3), 0.95).ciAvailable());
  }

  @Test
  void coverageOfTheRatioOfMediansOfLogNormalReplicatesIsNominal() {
    // log-normal fork means, CV ~5 %, 5 vs 4 forks, true ratio of medians 1.3: a 95 % interval
    // must cover it in 95 % of trials (2,000 trials: binomial sd 0.49 %, so 93.5-96.5 % is ~3 sd)
    SplittableRandom rnd = new SplittableRandom(11);
    int covered = 0;
    int trials = 2000;
    for (int t = 0; t < trials; t++) {
      double[] a = new double[5];
      double[] b = new double[4];
      for (int i = 0; i < a.length; i++) {
        a[i] = 1.3 * Math.exp(0.05 * gaussian(rnd));
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = Math.exp(0.05 * gaussian(rnd));
      }
      LogRatio r = LogRatio.of(s(a), s(b), 0.95);
      covered += r.ciLow() <= 1.3 && 1.3 <= r.ciHigh() ? 1 : 0;
    }
    double rate = covered / (double) trials;
    assertTrue(rate > 0.935 && rate < 0.965, "coverage " + rate);
  }

  @Test
  void quantileAgreesWithCommonsMath() {
    assertEquals(new TDistribution(4).inverseCumulativeProbability(0.975), 2.7764451051977987, 1e-9);
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller: an independent normal generator, not the code under test
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
