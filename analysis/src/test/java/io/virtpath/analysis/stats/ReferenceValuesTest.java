package io.virtpath.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

/**
 * The statistical routines against published values. Sources are cited next to each check; where
 * the value is derived by hand from a definition, the derivation is in the comment.
 */
class ReferenceValuesTest {
  /**
   * Student's (1908) sleep data, as shipped with R ({@code datasets::sleep}): extra hours of sleep
   * with drug 1 and drug 2.
   */
  static final double[] SLEEP_1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
  static final double[] SLEEP_2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

  private static Sample s(double... v) {
    return Sample.of(v, Sample.FORKS);
  }

  @Test
  void welchMatchesR() {
    // R: t.test(extra ~ group, data = sleep)  ->  t = -1.8608, df = 17.776, p-value = 0.07939
    Sample a = s(SLEEP_1);
    Sample b = s(SLEEP_2);
    assertEquals(0.07939, Tests.welchP(a, b), 0.000005);
    assertEquals(17.776, Tests.welchDf(a, b), 0.0005);
  }

  @Test
  void studentIntervalMatchesR() {
    // R: t.test(sleep$extra[1:10])  ->  mean 0.75, 95 percent CI -0.5297804 2.0297804
    Estimate e = Estimate.of(s(SLEEP_1), 0.95);
    assertEquals(0.75, e.mean(), 1e-12);
    assertEquals(-0.5297804, e.ciLow(), 5e-7);
    assertEquals(2.0297804, e.ciHigh(), 5e-7);
    // textbook t table: t(0.975, 9) = 2.262
    assertEquals(2.262157, MathFactory.studentT(9).inverseCumulativeProbability(0.975), 5e-7);
  }

  @Test
  void tooFewReplicatesGiveNoInterval() {
    Estimate two = Estimate.of(s(1.0, 2.0), 0.95);
    assertEquals(1.5, two.mean());
    assertTrue(Double.isNaN(two.ciLow()) && Double.isNaN(two.ciHigh()), "n = 2: not available");
    assertTrue(Double.isNaN(Ratio.of(s(1, 2), s(1, 2, 3), 0.95, 1).ciLow()));
    assertTrue(Double.isNaN(Tests.welchP(s(1.0), s(1.0, 2.0))));
  }

  @Test
  void benjaminiHochbergPaperExample() {
    // Benjamini & Hochberg (1995), JRSS B 57(1), section 3.2: 15 p-values; at q = 0.05 the
    // step-up procedure rejects the four smallest, Bonferroni-type procedures (Holm) three.
    double[] p = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
        0.5719, 0.6528, 0.7590, 1.000};
    assertEquals(4, rejected(Adjust.BH.apply(p), 0.05));
    assertEquals(3, rejected(Adjust.HOLM.apply(p), 0.05));
    // R: p.adjust(p, "BH")[4] = 0.0095 * 15 / 4 = 0.035625; p.adjust(p, "holm")[1] = 15 * 0.0001
    assertEquals(0.035625, Adjust.BH.apply(p)[3], 1e-12);
    assertEquals(0.0015, Adjust.HOLM.apply(p)[0], 1e-12);
  }

  @Test
  void adjustmentsFollowTheirDefinitionsAndSkipMissingTests() {
    // Holm: sorted p_(k) * (m - k + 1), running maximum: 0.05, 0.08, 0.09, 0.09->0.09, 0.05->0.09
    assertArrayEquals(new double[] {0.05, 0.08, 0.09, 0.09, 0.09},
        Adjust.HOLM.apply(new double[] {0.01, 0.02, 0.03, 0.04, 0.05}), 1e-12);
    // BH: p_(k) * m / k = 0.05 for all, running minimum from the top
    assertArrayEquals(new double[] {0.05, 0.05, 0.05, 0.05, 0.05},
        Adjust.BH.apply(new double[] {0.01, 0.02, 0.03, 0.04, 0.05}), 1e-12);
    double[] withNan = Adjust.HOLM.apply(new double[] {0.01, Double.NaN, 0.04});
    assertEquals(0.02, withNan[0], 1e-12, "m = 2: the untested comparison is not in the family");
    assertTrue(Double.isNaN(withNan[1]));
    assertEquals(0.04, withNan[2], 1e-12);
  }

  @Test
  void exactPermutationTest() {
    // {1,2,3} vs {4,5,6}: of the C(6,3) = 20 relabellings, only the observed one and its mirror
    // have |mean difference| = 3, so the two-sided exact p = 2/20.
    assertEquals(0.1, Tests.permutationP(s(1, 2, 3), s(4, 5, 6), 1), 1e-12);
    // identical samples: every relabelling is at least as extreme as a difference of 0
    assertEquals(1.0, Tests.permutationP(s(1, 2, 3), s(1, 2, 3), 1), 1e-12);
  }

  @Test
  void monteCarloPermutationAgreesWithExactOnLargerSamples() {
    // 12 + 12 values: C(24,12) = 2,704,156 relabellings, sampled; Welch agrees in magnitude
    double[] x = new double[12];
    double[] y = new double[12];
    for (int i = 0; i < 12; i++) {
      x[i] = 100 + (i % 4);
      y[i] = 101.5 + (i % 4);
    }
    double p = Tests.permutationP(s(x), s(y), 42);
    assertTrue(p > 0.0005 && p < 0.05, "p = " + p);
    assertEquals(Tests.welchP(s(x), s(y)), p, 0.02);
  }

  @Test
  void cliffsDeltaIsTheRankBiserialOfMannWhitney() {
    // By hand: x = {1,2,2,3}, y = {2,3,4}: pairs x>y: (3,2) = 1; x<y: 1<2,1<3,1<4, 2<3,2<4 (x2),
    // 3<4 = 8; ties: (2,2) x2, (3,3) = 3. delta = (1 - 8) / 12.
    Sample x = s(1, 2, 2, 3);
    Sample y = s(2, 3, 4);
    assertEquals(-7.0 / 12, Tests.cliffsDelta(x, y), 1e-12);
    // Commons Math's independent U (ties counted half): delta = 2U/(nm) - 1
    double u = new MannWhitneyUTest().mannWhitneyU(x.values(), y.values());
    double uX = Math.min(u, 12 - u); // math3 returns max(U1, U2); x is the smaller-ranked side here
    assertEquals(2 * uX / 12 - 1, Tests.cliffsDelta(x, y), 1e-12);
    assertEquals(-1.0, Tests.cliffsDelta(s(1, 2, 3), s(4, 5, 6)), 1e-12);
  }

  @Test
  void fiellerWithAnExactDenominatorIsTheScaledStudentInterval() {
    // vb = 0: {rho : (a - rho b)^2 <= t^2 va} = a/b -+ t sqrt(va) / b, the t-interval of a over b
    Sample num = s(SLEEP_2);
    Sample den = s(4, 4, 4, 4, 4, 4, 4, 4, 4, 4);
    Ratio r = Ratio.fieller(num, den, 0.95);
    Estimate e = Estimate.of(num, 0.95);
    assertEquals(e.ciLow() / 4, r.ciLow(), 1e-9);
    assertEquals(e.ciHigh() / 4, r.ciHigh(), 1e-9);
  }

  @Test
  void fiellerIntervalOfTheInverseRatioIsTheInverseInterval() {
    Sample a = s(10.1, 9.7, 10.4, 10.0, 9.9);
    Sample b = s(14.8, 15.9, 15.1, 14.2, 15.5, 15.0);
    Ratio ab = Ratio.fieller(a, b, 0.95);
    Ratio ba = Ratio.fieller(b, a, 0.95);
    assertEquals(1 / ab.ciHigh(), ba.ciLow(), 1e-9);
    assertEquals(1 / ab.ciLow(), ba.ciHigh(), 1e-9);
    assertTrue(ab.ciLow() < ab.value() && ab.value() < ab.ciHigh());
    assertTrue(ab.value() - ab.ciLow() < ab.ciHigh() - ab.value(), "a ratio's interval leans to the larger side");
  }

  @Test
  void minimumDetectableEffect() {
    // Two samples of n = 10, mean 100, variance 10/9: SE of the difference = sqrt(2 * (10/9) / 10)
    // = 0.4714; Welch df = 18, t_0.995 + t_0.8 = 2.878 + 0.862 = 3.740, so MDE = 3.740 * 0.4714 / 100.
    double[] x = {99, 101, 99, 101, 99, 101, 99, 101, 99, 101};
    double sd = Math.sqrt(10.0 / 9);
    double expected = (MathFactory.studentT(18).inverseCumulativeProbability(0.995)
        + MathFactory.studentT(18).inverseCumulativeProbability(0.8)) * Math.sqrt(2 * sd * sd / 10) / 100;
    assertEquals(expected, Tests.minimumDetectableEffect(s(x), s(x), 0.01, 0.8), 1e-12);
    assertEquals(0.01763, expected, 0.00005);
  }

  private static int rejected(double[] adjusted, double alpha) {
    int n = 0;
    for (double a : adjusted) {
      if (a <= alpha) {
        n++;
      }
    }
    return n;
  }
}
