package io.virtpath.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code --budget}: the lab starts another round only when the longest round so far would still end
 * within the budget. Rounds are the unit because a round gives every target one more replicate:
 * cutting inside a round would leave the targets with unequal replicates, and the ratios uneven.
 */
final class RoundBudget {
  private final Duration budget;
  private final Instant begun;
  private final java.util.function.Supplier<Instant> clock;
  private Instant roundStart;
  private Duration longest = Duration.ZERO;

  /** @param budget null for none: every planned round runs */
  RoundBudget(Duration budget, Instant begun) {
    this(budget, begun, Instant::now);
  }

  RoundBudget(Duration budget, Instant begun, java.util.function.Supplier<Instant> clock) {
    this.budget = budget;
    this.begun = begun;
    this.clock = clock;
  }

  void roundStarts() {
    roundStart = clock.get();
  }

  void roundEnds() {
    Duration d = Duration.between(roundStart, clock.get());
    if (d.compareTo(longest) > 0) {
      longest = d;
    }
  }

  /** The first round always runs: a budget shorter than one round still gets one of everything. */
  boolean allowsAnother() {
    return budget == null || roundStart == null || !clock.get().plus(longest).isAfter(begun.plus(budget));
  }

  String stopReason(int roundsRun) {
    long used = Duration.between(begun, clock.get()).toSeconds();
    return String.format(Locale.ROOT,
        "budget %s: %d:%02d used, the longest round took %d:%02d, so no round %d; stopped after %d round(s)%s",
        shown(budget), used / 60, used % 60, longest.toSeconds() / 60, longest.toSeconds() % 60, roundsRun + 1,
        roundsRun, roundsRun < 3 ? " (intervals need 3: give more --budget)" : "");
  }

  static String shown(Duration d) {
    long s = d.toSeconds();
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
