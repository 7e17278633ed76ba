package io.virtpath.analysis.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Multiple-comparison corrections over a family of p-values (a whole suite's differences). NaN
 * p-values (tests that could not be made) are not part of the family and stay NaN. Results equal
 * R's {@code p.adjust(p, "bonferroni")}, {@code p.adjust(p, "holm")} and {@code p.adjust(p, "BH")}.
 */
public enum Adjust {
  /**
   * Bonferroni: p times the family size. Less powerful than Holm, but it has simultaneous
   * confidence intervals (each at 1 - alpha/m), so an interval and its verdict always agree.
   */
  BONFERRONI,
  /** Holm (1979): controls the family-wise error rate; valid under any dependence. */
  HOLM,
  /** Benjamini-Hochberg (1995): controls the false discovery rate; more power for many tests. */
  BH,
  /**
   * None: each comparison on its own, at 1 - alpha. For estimates read one at a time (what does
   * this path cost?), not for a verdict list read as a whole or a gate.
   */
  NONE;

  public static Adjust parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "bonferroni" -> BONFERRONI;
      case "holm" -> HOLM;
      case "bh", "fdr", "benjamini-hochberg" -> BH;
      case "none" -> NONE;
      default -> throw new io.virtpath.core.UsageException(
          "unknown correction '" + s + "': use holm (family-wise error) or bh (false discovery rate)");
    };
  }

  public String json() {
    return switch (this) {
      case BONFERRONI -> "bonferroni";
      case HOLM -> "holm";
      case BH -> "bh";
      case NONE -> "none";
    };
  }

  public double[] apply(double[] p) {
    int[] idx = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
        .sorted(Comparator.comparingDouble(i -> p[i])).mapToInt(Integer::intValue).toArray();
    int m = idx.length;
    double[] out = new double[p.length];
    Arrays.fill(out, Double.NaN);
    if (this == NONE) {
      for (int k = 0; k < m; k++) {
        out[idx[k]] = p[idx[k]];
      }
    } else if (this == BONFERRONI) {
      for (int k = 0; k < m; k++) {
        out[idx[k]] = Math.min(1, m * p[idx[k]]);
      }
    } else if (this == HOLM) {
      double running = 0;
      for (int k = 0; k < m; k++) {
        running = Math.max(running, Math.min(1, (m - k) * p[idx[k]]));
        out[idx[k]] = running;
      }
    } else {
      double running = 1;
      for (int k = m - 1; k >= 0; k--) {
        running = Math.min(running, Math.min(1, (double) m / (k + 1) * p[idx[k]]));
        out[idx[k]] = running;
      }
    }
    return out;
  }
}
