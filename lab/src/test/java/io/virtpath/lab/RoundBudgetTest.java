package io.virtpath.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The budget's arithmetic, on a clock the test moves (no real waiting, no timing window). */
class RoundBudgetTest {
  private final Instant t0 = Instant.parse("2026-11-30T12:00:00Z");
  private final AtomicReference<Instant> now = new AtomicReference<>(t0);

  private void at(long seconds) {
    now.set(t0.plusSeconds(seconds));
  }

  @Test
  void withoutABudgetEveryRoundRuns() {
    RoundBudget b = new RoundBudget(null, t0, now::get);
    b.roundStarts();
    at(100_000);
    b.roundEnds();
    assertTrue(b.allowsAnother());
  }

  @Test
  void theFirstRoundRunsEvenWhenTheBudgetIsAlreadyGone() {
    at(600); // installs and the image took longer than the whole budget
    assertTrue(new RoundBudget(Duration.ofMinutes(5), t0, now::get).allowsAnother());
  }

  @Test
  void aRoundStartsOnlyIfTheLongestRoundSoFarStillEndsWithinTheBudget() {
    RoundBudget b = new RoundBudget(Duration.ofMinutes(15), t0, now::get);
    at(60);
    b.roundStarts();
    at(300); // round 1: 4 min
    b.roundEnds();
    b.roundStarts();
    at(480); // round 2: 3 min; 8 min used, the longest round (4) ends at 12 min
    b.roundEnds();
    assertTrue(b.allowsAnother());
    b.roundStarts();
    at(690); // round 3: 3.5 min; 11.5 min used + 4 = 15.5 min > 15
    b.roundEnds();
    assertFalse(b.allowsAnother());
    String why = b.stopReason(3);
    assertTrue(why.contains("budget 15m") && why.contains("11:30 used") && why.contains("4:00")
        && why.contains("stopped after 3 round(s)") && !why.contains("intervals need"), why);
    assertTrue(b.stopReason(2).contains("intervals need 3"), b.stopReason(2));
  }
}
