package io.virtpath.analysis.result;

import io.virtpath.analysis.stats.Adjust;
import io.virtpath.core.UsageException;
import java.util.Locale;

/**
 * How differences are judged.
 *
 * <p>One level of certainty: {@code alpha} is the family-wise error rate of all the verdicts of one
 * report or comparison. Each ratio interval is drawn at {@code 1 - alpha / m} for the family's m
 * comparisons (Bonferroni), and each verdict is read from its interval, so the chance that any
 * verdict of the family calls a change that is not there is at most alpha.
 *
 * @param alpha family-wise error rate of the verdicts (0.05)
 * @param threshold smallest relative difference worth reporting (0.05 = 5 %): a change must exceed
 *     it to be "slower" or "faster", and "no change" means the interval lies within it
 * @param confidence level of each per-target interval (1 - alpha); not a decision
 * @param power power at which the minimum detectable effect is computed
 * @param correction how the family is corrected: Bonferroni, so that intervals and verdicts agree
 * @param forkBound the cost ratio beyond which a change is called with fewer than three independent
 *     replicates a side (one or two forks): the largest fork-to-fork ratio measured on real
 *     repeated runs, with a margin (docs/analysis.md, "Real repeated runs")
 * @param runBound the cost ratio beyond which a change is called when each side's replicates are
 *     the forks of one run (not interleaved rounds): forks of one run share its machine state, so
 *     their spread cannot see run-to-run variation; the largest ratio between the means of two
 *     runs of one configuration measured on real repeated runs, with a margin. 1 means "measured
 *     negligible on this machine": the interval alone decides.
 */
public record Settings(double alpha, double threshold, double confidence, double power, Adjust correction,
    double forkBound, double runBound) {
  public static final double FORK_BOUND = 25.0;
  public static final double RUN_BOUND = 7.0;
  public static final Settings DEFAULTS =
      new Settings(0.05, 0.05, 0.95, 0.8, Adjust.BONFERRONI, FORK_BOUND, RUN_BOUND);

  public Settings {
    if (!(alpha > 0 && alpha < 1)) {
      throw new UsageException("--alpha " + alpha + " is not a probability: use e.g. 0.01 or 0.05");
    }
    if (!(threshold > 0 && threshold < 1)) {
      throw new UsageException("--threshold " + percent(threshold) + " is out of range: use a change between 0 and "
          + "100 %, e.g. 5% (or 0.05)");
    }
  }

  public Settings withAlpha(double a) {
    return new Settings(a, threshold, 1 - a, power, correction, forkBound, runBound);
  }

  /**
   * Each comparison's interval at 1 - alpha on its own, not simultaneous over the family: what a
   * report of cost ratios shows (each a separate estimate); compare and trend keep Bonferroni.
   */
  public Settings perComparison() {
    return new Settings(alpha, threshold, confidence, power, Adjust.NONE, forkBound, runBound);
  }

  public boolean simultaneous() {
    return correction != Adjust.NONE;
  }

  public Settings withThreshold(double t) {
    return new Settings(alpha, t, confidence, power, correction, forkBound, runBound);
  }

  /** The run-to-run bound measured on the user's own machine ({@code --run-bound}). */
  public Settings withRunBound(double r) {
    if (!(r >= 1)) {
      throw new UsageException("--run-bound " + r + " is not a ratio of 1 or more: use e.g. 1.3 (measured with "
          + "repeated runs, see docs/analysis.md) or 1 for \"the interval alone decides\"");
    }
    return new Settings(alpha, threshold, confidence, power, correction, forkBound, r);
  }

  /**
   * Parses {@code 5%}, {@code 5 %} or the fraction {@code 0.05}. A bare number of 1 or more is
   * refused: "--threshold 5" means 5 % to a person and 500 % as a fraction, and guessing wrong
   * would make the gate pass a 2x regression.
   */
  public static double parseFraction(String option, String text) {
    String t = text.trim();
    boolean percent = t.endsWith("%");
    if (percent) {
      t = t.substring(0, t.length() - 1).trim();
    }
    double v;
    try {
      v = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new UsageException(option + " '" + text + "' is not a number: write it as 5% or 0.05");
    }
    if (!percent && v >= 1) {
      throw new UsageException(option + " " + text + " is ambiguous: write " + t + "% for " + t
          + " percent, or a fraction below 1 (0.05 = 5 %)");
    }
    return percent ? v / 100 : v;
  }

  public static String percent(double fraction) {
    String s = String.format(Locale.ROOT, "%.1f", fraction * 100);
    return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + " %";
  }
}
