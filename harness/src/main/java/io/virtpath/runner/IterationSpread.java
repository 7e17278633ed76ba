package io.virtpath.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;

/**
 * How far a benchmark's measurement iterations lay from its score: the lowest and the highest, in
 * percent of the score. This is what the console shows next to each result instead of JMH's
 * "± error". That error is the half-width of a 99.9 % interval with Student's t over the
 * iterations: with the quick profile's one fork of three iterations t is 31.6, so a guest whose
 * iterations differ by a third printed "±1362 %", a number nobody can read. The spread says the
 * same thing plainly (how steady this run was). It is not an interval for a rerun either:
 * iterations of one fork are not independent runs (Kalibera and Jones); report and compare draw
 * intervals over forks.
 *
 * @param iterations measurement iterations, over all forks
 * @param lowPercent the lowest iteration relative to the score, in percent (negative or 0)
 * @param highPercent the highest likewise (positive or 0)
 */
public record IterationSpread(int iterations, int forks, double lowPercent, double highPercent) {

  /** From JMH's result: its measurement iterations (JMH keeps no warmup in it) and its score. */
  public static IterationSpread of(RunResult run) {
    List<double[]> forks = new ArrayList<>();
    for (BenchmarkResult fork : run.getBenchmarkResults()) {
      forks.add(fork.getIterationResults().stream()
          .mapToDouble(i -> i.getPrimaryResult().getScore())
          .toArray());
    }
    return of(run.getPrimaryResult().getScore(), forks);
  }

  /**
   * @param score the benchmark's score (JMH's mean), which the spread is relative to
   * @param forks each fork's iteration scores, in any unit proportional to the score's
   */
  static IterationSpread of(double score, List<double[]> forks) {
    int n = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] fork : forks) {
      for (double v : fork) {
        n++;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (n == 0 || score == 0 || !Double.isFinite(score)) {
      return new IterationSpread(n, forks.size(), Double.NaN, Double.NaN);
    }
    double abs = Math.abs(score);
    return new IterationSpread(n, forks.size(), 100 * (min - score) / abs, 100 * (max - score) / abs);
  }

  /**
   * "iterations spread -2.8% to +2.1% (3 iterations, 1 fork)"; with fewer than two iterations, or a
   * score of 0, there is no spread and it says so.
   */
  public String describe() {
    String counts = iterations + (iterations == 1 ? " iteration, " : " iterations, ")
        + forks + (forks == 1 ? " fork" : " forks");
    if (iterations < 2 || Double.isNaN(lowPercent)) {
      return "no iterations spread (" + counts + ")";
    }
    return String.format(Locale.ROOT, "iterations spread %s to %s (%s)",
        percent(lowPercent), percent(highPercent), counts);
  }

  /** Signed, one decimal; "0.0%" rather than "-0.0%" for an iteration equal to the score. */
  private static String percent(double p) {
    String s = String.format(Locale.ROOT, "%+.1f%%", p);
    return s.equals("-0.0%") || s.equals("+0.0%") ? "0.0%" : s;
  }
}
