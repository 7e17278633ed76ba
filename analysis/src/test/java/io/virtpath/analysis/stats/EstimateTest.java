package io.virtpath.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EstimateTest {
  @Test
  void aTimePerOperationNeverGetsANegativeLowerBound() {
    // three forks, one of them 80x slower: Student's interval once read -21,359 ... 81,016 ns/op
    Estimate e = Estimate.of(new Sample(new double[] {1000, 1100, 80000}, Sample.FORKS, 0), 0.95);
    assertFalse(e.ciAvailable(), "marked unavailable rather than negative");
    assertEquals(27366.67, e.mean(), 0.01);
  }

  @Test
  void anOrdinaryIntervalIsKept() {
    Estimate e = Estimate.of(new Sample(new double[] {100, 102, 98}, Sample.FORKS, 0), 0.95);
    assertTrue(e.ciAvailable() && e.ciLow() > 0 && e.ciLow() < 100 && e.ciHigh() > 100);
  }
}
