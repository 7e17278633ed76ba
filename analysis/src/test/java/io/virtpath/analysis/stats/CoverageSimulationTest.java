package io.virtpath.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Do the intervals cover the true value at about their nominal 95 %? Simulated with normal data
 * (fixed seeds, so the test is deterministic). A binomial 95 % band around 0.95 for 2,000 trials is
 * about +-0.01; the accepted ranges are wider to allow for the methods' known small-sample bias,
 * but narrow enough to catch a wrong degrees-of-freedom or a z instead of a t (n = 5: 0.88).
 */
class CoverageSimulationTest {
  private static double[] normal(SplittableRandom r, int n, double mean, double sd) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      // Box-Muller: two uniforms to one standard normal
      double u = 1 - r.nextDouble();
      double v = r.nextDouble();
      x[i] = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
    return x;
  }

  @Test
  void studentIntervalOfFiveForks() {
    SplittableRandom r = new SplittableRandom(1);
    int covered = 0;
    int trials = 2000;
    for (int i = 0; i < trials; i++) {
      Estimate e = Estimate.of(Sample.of(normal(r, 5, 100, 7), Sample.FORKS), 0.95);
      if (e.ciLow() <= 100 && 100 <= e.ciHigh()) {
        covered++;
      }
    }
    double rate = covered / (double) trials;
    assertTrue(rate > 0.93 && rate < 0.97, "coverage " + rate);
  }

  @Test
  void fiellerRatioOfFiveAgainstSixForks() {
    SplittableRandom r = new SplittableRandom(2);
    double truth = 150.0 / 100.0;
    int covered = 0;
    int trials = 2000;
    for (int i = 0; i < trials; i++) {
      Sample target = Sample.of(normal(r, 5, 150, 12), Sample.FORKS);
      Sample base = Sample.of(normal(r, 6, 100, 5), Sample.FORKS);
      Ratio ratio = Ratio.of(target, base, 0.95, i);
      if (ratio.ciLow() <= truth && truth <= ratio.ciHigh()) {
        covered++;
      }
    }
    double rate = covered / (double) trials;
    assertTrue(rate > 0.93 && rate < 0.97, "coverage " + rate);
  }

  @Test
  void bootstrapRatioFromTwentyFiveReplicates() {
    SplittableRandom r = new SplittableRandom(3);
    double truth = 0.8;
    int covered = 0;
    int trials = 600;
    for (int i = 0; i < trials; i++) {
      Sample target = Sample.of(normal(r, 25, 80, 8), Sample.ITERATIONS);
      Sample base = Sample.of(normal(r, 25, 100, 10), Sample.ITERATIONS);
      Ratio ratio = Ratio.of(target, base, 0.95, i);
      assertTrue(Ratio.BOOTSTRAP.equals(ratio.method()));
      if (ratio.ciLow() <= truth && truth <= ratio.ciHigh()) {
        covered++;
      }
    }
    double rate = covered / (double) trials;
    // the percentile bootstrap runs a little narrow at n = 25 (about 0.93-0.94)
    assertTrue(rate > 0.91 && rate < 0.975, "coverage " + rate);
  }
}
