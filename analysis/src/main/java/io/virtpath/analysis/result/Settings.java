package io.virtpath.analysis.result;

import io.virtpath.analysis.stats.Adjust;
import io.virtpath.core.UsageException;
import java.util.Locale;

/**
 * How differences are judged.
 *
 * @param alpha significance level for adjusted p-values
 * @param threshold smallest relative difference worth reporting (0.05 = 5 %): the noise threshold
 *     of compare and the size the minimum-detectable-effect warning asks about
 * @param confidence level of every confidence interval
 * @param power power at which the minimum detectable effect is computed
 */
public record Settings(double alpha, double threshold, double confidence, double power, Adjust correction) {
  public static final Settings DEFAULTS = new Settings(0.01, 0.05, 0.95, 0.8, Adjust.HOLM);

  public Settings {
    if (!(alpha > 0 && alpha < 1)) {
      throw new UsageException("--alpha " + alpha + " is not a probability: use e.g. 0.01 or 0.05");
    }
    if (!(threshold >= 0 && threshold < 10)) {
      throw new UsageException("--threshold " + threshold + " is out of range: use e.g. 5% or 0.05");
    }
  }

  public Settings withAlpha(double a) {
    return new Settings(a, threshold, confidence, power, correction);
  }

  public Settings withThreshold(double t) {
    return new Settings(alpha, t, confidence, power, correction);
  }

  public Settings withCorrection(Adjust c) {
    return new Settings(alpha, threshold, confidence, power, c);
  }

  /** Parses {@code 5%}, {@code 5 %} or {@code 0.05}. */
  public static double parseFraction(String option, String text) {
    String t = text.trim();
    boolean percent = t.endsWith("%");
    if (percent) {
      t = t.substring(0, t.length() - 1).trim();
    }
    try {
      double v = Double.parseDouble(t);
      return percent ? v / 100 : v;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " '" + text + "' is not a number: write it as 5% or 0.05");
    }
  }

  public static String percent(double fraction) {
    String s = String.format(Locale.ROOT, "%.1f", fraction * 100);
    return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + " %";
  }
}
