package io.virtpath.analysis.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EDivisiveTest {
  private static double[] noise(SplittableRandom r, double[] levels, int each) {
    double[] x = new double[levels.length * each];
    for (int i = 0; i < x.length; i++) {
      double u = 1 - r.nextDouble();
      double v = r.nextDouble();
      x[i] = levels[i / each] + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
    return x;
  }

  @Test
  void energyStatisticByHand() {
    // x = 0,0,1,1. Split at 2: n1 = n2 = 2, within sums 0, cross sum 4 -> E = 2*4/(2*2) = 2,
    // Q = 2*2/4 * 2 = 2. Split at 1: within-right {0,1,1} = 2 over 3 pairs, cross {0,1,1} = 2 ->
    // E = 2*2/3 - 2/3 = 2/3, Q = 1*3/4 * 2/3 = 0.5. So the best split is at 2 with Q = 2.
    var best = EDivisive.bestSplit(new double[] {0, 0, 1, 1}, 0, 4, 1);
    assertEquals(2, best.tau());
    assertEquals(2.0, best.q(), 1e-12);
  }

  @Test
  void findsOneShiftWithItsMeans() {
    double[] x = noise(new SplittableRandom(7), new double[] {100, 104}, 25);
    List<EDivisive.ChangePoint> cps = new EDivisive(0.01, 199, 2, 1).detect(x);
    assertEquals(1, cps.size(), cps.toString());
    EDivisive.ChangePoint cp = cps.get(0);
    assertEquals(25, cp.index(), 1);
    assertEquals(100, cp.meanBefore(), 0.6);
    assertEquals(104, cp.meanAfter(), 0.6);
    assertEquals(0.04, cp.relativeChange(), 0.01);
    assertEquals(1.0 / 200, cp.pValue(), 1e-12, "no permutation reaches the real split's Q");
  }

  @Test
  void findsTwoShifts() {
    double[] x = noise(new SplittableRandom(8), new double[] {50, 56, 51}, 20);
    List<EDivisive.ChangePoint> cps = new EDivisive(0.01, 199, 2, 1).detect(x);
    assertEquals(2, cps.size(), cps.toString());
    assertEquals(20, cps.get(0).index(), 1);
    assertEquals(40, cps.get(1).index(), 1);
    assertTrue(cps.get(1).meanAfter() < cps.get(1).meanBefore());
  }

  @Test
  void pureNoiseRarelyHasAChangePoint() {
    SplittableRandom r = new SplittableRandom(9);
    int withChange = 0;
    int series = 60;
    for (int i = 0; i < series; i++) {
      if (!new EDivisive(0.05, 99, 2, i).detect(noise(r, new double[] {10}, 30)).isEmpty()) {
        withChange++;
      }
    }
    // the first split is kept with probability about alpha = 0.05 under no change
    assertTrue(withChange <= 8, withChange + " of " + series + " noise series had a change point");
  }

  @Test
  void constantSeriesHasNone() {
    assertTrue(new EDivisive(0.05, 99, 2, 1).detect(new double[] {3, 3, 3, 3, 3, 3, 3, 3}).isEmpty());
    assertTrue(new EDivisive(0.05, 99, 2, 1).detect(new double[] {1, 2, 3}).isEmpty(), "too short to split");
  }
}
