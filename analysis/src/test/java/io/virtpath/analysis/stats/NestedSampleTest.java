package io.virtpath.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Replicates at the highest level with two or more units, and honest counts of what was left out. */
class NestedSampleTest {
  private static final double NAN = Double.NaN;

  @Test
  void roundsAreTheReplicatesWhenThereAreTwoOrMore() {
    double[][] it = {{1, 1}, {3, 3}, {10, 10}, {12, 12}};
    Sample s = Sample.nested(it, new double[] {1, 3, 10, 12}, new int[] {0, 0, 1, 1});
    assertEquals(Sample.ROUNDS, s.unit());
    assertArrayEquals(new double[] {2, 11}, s.values(), 1e-12, "each round the mean of its forks");
    assertTrue(s.independent());
  }

  @Test
  void forksWithinOneRound() {
    Sample s = Sample.nested(new double[][] {{1}, {3}, {5}}, new double[] {1, 3, 5}, new int[3]);
    assertEquals(Sample.FORKS, s.unit());
    assertEquals(3, s.n());
  }

  @Test
  void oneForkFallsBackToItsIterationsAndSaysSo() {
    Sample s = Sample.fromForks(new double[][] {{1, 2, 3}}, new double[] {2});
    assertEquals(Sample.ITERATIONS, s.unit());
    assertFalse(s.independent());
  }

  @Test
  void everyNonFiniteIterationIsCounted() {
    // four NaN iterations in one fork were once reported as one dropped value
    double[][] it = {{NAN, NAN, NAN, NAN}, {1, 2}, {3, NAN}};
    Sample s = Sample.fromForks(it, new double[] {NAN, 1.5, 3});
    assertEquals(5, s.dropped());
    assertArrayEquals(new double[] {1.5, 3}, s.values(), 1e-12);
  }
}
