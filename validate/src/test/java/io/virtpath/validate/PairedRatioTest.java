package io.virtpath.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairedRatioTest {
  @Test
  void constantRatioHasAZeroWidthInterval() {
    PairedRatio r = PairedRatio.of(new double[] {2, 4, 6}, new double[] {1, 2, 3}, 0.95);
    assertEquals(2.0, r.ratio(), 1e-12);
    assertEquals(2.0, r.ciLow(), 1e-12);
    assertEquals(2.0, r.ciHigh(), 1e-12);
    assertEquals(3, r.rounds());
  }

  @Test
  void intervalIsStudentTOnTheLogRatios() {
    // log ratios ln 1.1, ln 1.0, ln 0.95: mean m, sd s; t(0.975, 2) = 4.302652729749464
    double[] logs = {Math.log(1.1), 0, Math.log(0.95)};
    double m = (logs[0] + logs[1] + logs[2]) / 3;
    double ss = 0;
    for (double l : logs) {
      ss += (l - m) * (l - m);
    }
    double se = Math.sqrt(ss / 2 / 3);
    PairedRatio r = PairedRatio.of(new double[] {110, 100, 95}, new double[] {100, 100, 100}, 0.95);
    assertEquals(Math.exp(m), r.ratio(), 1e-12);
    assertEquals(Math.exp(m - 4.302652729749464 * se), r.ciLow(), 1e-9);
    assertEquals(Math.exp(m + 4.302652729749464 * se), r.ciHigh(), 1e-9);
  }

  @Test
  void pairingRemovesRoundToRoundDrift() {
    // both sides drift together by 2x between rounds; the ratio is exactly 0.9 every round
    PairedRatio r = PairedRatio.of(new double[] {90, 180, 45}, new double[] {100, 200, 50}, 0.95);
    assertEquals(0.9, r.ratio(), 1e-12);
    assertEquals(0.9, r.ciLow(), 1e-12);
    assertEquals(0.9, r.ciHigh(), 1e-12);
  }

  @Test
  void oneRoundGivesNoInterval() {
    PairedRatio r = PairedRatio.of(new double[] {3}, new double[] {2}, 0.95);
    assertEquals(1.5, r.ratio(), 1e-12);
    assertFalse(r.ciAvailable());
  }

  @Test
  void noRoundsGiveNoRatio() {
    PairedRatio r = PairedRatio.of(new double[0], new double[0], 0.95);
    assertTrue(Double.isNaN(r.ratio()));
    assertEquals(0, r.rounds());
  }

  @Test
  void unpairedInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(new double[] {1}, new double[] {1, 2}, 0.95));
  }
}
