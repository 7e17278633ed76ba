package io.virtpath.analysis.result;

import java.util.Locale;

/** Numbers for people: about four significant digits, no exponent for everyday magnitudes. */
public final class Format {
  private Format() {}

  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "-∞";
    }
    double a = Math.abs(v);
    if (a == 0) {
      return "0";
    }
    // An exponent only where no reading of virtpath's numbers leads: a nanosecond in seconds
    // (1e-9) is plain, and so is a packet rate in ops/s (1e7)
    if (a >= 1e15 || a < 1e-9) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    if (a < 1) {
      // four significant digits however many zeros follow the point: 0.00009345 (s/op), 0.1234
      int decimals = 3 - (int) Math.floor(Math.log10(a));
      return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  public static String p(double p) {
    if (Double.isNaN(p)) {
      return "n/a";
    }
    return p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
  }

  /** "0.76–1.56": an interval of ratios, each to about three significant digits. */
  public static String ratioRange(double lo, double hi) {
    return ratio(lo) + "–" + ratio(hi);
  }

  /** A ratio to three significant digits (two decimals from 1 to 10). */
  public static String ratio(double r) {
    if (!Double.isFinite(r)) {
      return "n/a";
    }
    return r >= 100 ? String.format(Locale.ROOT, "%.0f", r)
        : r >= 10 ? String.format(Locale.ROOT, "%.1f", r)
        : String.format(Locale.ROOT, r >= 0.995 ? "%.2f" : "%.3g", r);
  }

  /**
   * "1.84x slower (+84.0 % overhead)" / "1.25x faster (-20.0 %)" / "same (1.00x)" when the two
   * agree to the digits shown, which is what identical inputs give.
   */
  public static String cost(double ratio) {
    if (!Double.isFinite(ratio)) {
      return "n/a";
    }
    double pct = (ratio - 1) * 100;
    if (Math.abs(pct) < 0.05) {
      return "same (1.00x)";
    }
    if (ratio >= 1) {
      return String.format(Locale.ROOT, "%.2fx slower (+%.1f %% overhead)", ratio, pct);
    }
    return String.format(Locale.ROOT, "%.2fx faster (%.1f %%)", 1 / ratio, pct);
  }
}
