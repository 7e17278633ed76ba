package io.virtpath.analysis.trend;

import io.virtpath.analysis.stats.MathFactory;

/**
 * Whether the runs before a split and the runs after it have the same level, tested on the
 * logarithms of the runs' replicates (times and rates are positive and change by factors).
 *
 * <p>Two t-tests, and the split must pass both (its p-value is the larger of the two):
 *
 * <ul>
 *   <li>Welch's t-test of the replicates pooled on each side. Sharp when runs vary only as much as
 *       their replicates predict.
 *   <li>Student's t-test of the run means (one value per run, as Apache Otava tests its series),
 *       with the variance pooled over both sides. Replicates of one run share that run's machine
 *       state, boot and build, so runs can vary more than their replicates do (Kalibera and Jones
 *       2013); then the first test alone would take pseudo-replication for significance. Pooling the
 *       run-mean variance over both sides keeps its degrees of freedom at runs - 2 rather than the 2
 *       that three runs after a split would give on their own.
 * </ul>
 *
 * Requiring both is conservative (each alone holds its level when its model holds), which the
 * no-change simulation in ChangeDetectorTest measures.
 */
final class SplitTest {
  private SplitTest() {}

  /**
   * @param t the binding test's statistic (after - before, on logs): the one with the larger p
   * @param p two-sided p-value, the larger of the two tests'; 0 when nothing varies and the levels differ
   * @param logBefore mean of the log replicates before the split
   * @param logAfter mean of the log replicates after it
   */
  record Result(double t, double p, double logBefore, double logAfter) {}

  /** Sums over one side. */
  private record Side(int runs, int reps, double mean, double repVariance, double runMean, double runSs) {}

  /**
   * Tests runs {@code [from, split)} against {@code [split, to)}.
   *
   * @param logs per run, the logarithms of its replicates (each run has at least one)
   */
  static Result test(double[][] logs, int from, int split, int to) {
    Side a = side(logs, from, split);
    Side b = side(logs, split, to);
    // Welch on replicates
    double va = a.reps < 2 ? 0 : a.repVariance / a.reps;
    double vb = b.reps < 2 ? 0 : b.repVariance / b.reps;
    double[] welch = tp(b.mean - a.mean, va, vb, Math.max(1, a.reps - 1), Math.max(1, b.reps - 1));
    // Student on run means, pooled variance
    int df = a.runs + b.runs - 2;
    double[] student = df < 1 ? new double[] {0, 1}
        : tp(b.runMean - a.runMean, (a.runSs + b.runSs) / df * (1.0 / a.runs + 1.0 / b.runs), 0, df, 1);
    // the larger p binds; on a tie (both 0 when nothing varies) the smaller |t|
    boolean welchBinds = welch[1] > student[1]
        || (welch[1] == student[1] && Math.abs(welch[0]) <= Math.abs(student[0]));
    double[] binding = welchBinds ? welch : student;
    return new Result(binding[0], binding[1], a.mean, b.mean);
  }

  /**
   * {t, two-sided p} of a difference, given the variance of each part and its degrees of freedom
   * (combined by Welch-Satterthwaite).
   */
  private static double[] tp(double diff, double va, double vb, double dfa, double dfb) {
    double v = va + vb;
    if (!(v > 0)) {
      return new double[] {diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff), diff == 0 ? 1 : 0};
    }
    double t = diff / Math.sqrt(v);
    double df = v * v / (va * va / dfa + vb * vb / dfb);
    return new double[] {t, 2 * MathFactory.studentT(df).cumulativeProbability(-Math.abs(t))};
  }

  private static Side side(double[][] logs, int from, int to) {
    int reps = 0;
    double sum = 0;
    int runs = to - from;
    double runMean = 0;
    for (int r = from; r < to; r++) {
      double s = 0;
      for (double x : logs[r]) {
        s += x;
      }
      sum += s;
      reps += logs[r].length;
      runMean += s / logs[r].length / runs;
    }
    double mean = sum / reps;
    double ssReps = 0;
    double ssRuns = 0;
    for (int r = from; r < to; r++) {
      double s = 0;
      for (double x : logs[r]) {
        ssReps += (x - mean) * (x - mean);
        s += x;
      }
      double m = s / logs[r].length;
      ssRuns += (m - runMean) * (m - runMean);
    }
    return new Side(runs, reps, mean, reps < 2 ? 0 : ssReps / (reps - 1), runMean, ssRuns);
  }
}
