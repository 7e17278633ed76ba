package io.virtpath.analysis.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void percentAndFractionAreReadAsMeantAndABareWholeNumberIsRefused() {
    assertEquals(0.05, Settings.parseFraction("--threshold", "5%"), 1e-12);
    assertEquals(0.05, Settings.parseFraction("--threshold", "5 %"), 1e-12);
    assertEquals(0.05, Settings.parseFraction("--threshold", "0.05"), 1e-12);
    // "5" once meant 500 %, and a 2x regression passed the gate
    UsageException e = assertThrows(UsageException.class, () -> Settings.parseFraction("--threshold", "5"));
    assertTrue(e.getMessage().contains("write 5% for 5 percent"), e.getMessage());
    assertThrows(UsageException.class, () -> Settings.DEFAULTS.withThreshold(1.5));
  }

  @Test
  void oneLevelOfCertainty() {
    assertEquals(0.05, Settings.DEFAULTS.alpha());
    assertEquals(0.95, Settings.DEFAULTS.withAlpha(0.05).confidence(), 1e-12);
    assertEquals(0.99, Settings.DEFAULTS.withAlpha(0.01).confidence(), 1e-12);
  }
}
