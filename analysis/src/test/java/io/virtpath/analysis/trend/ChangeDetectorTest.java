package io.virtpath.analysis.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/**
 * The detector on simulated histories: false change points on histories without a change at most
 * alpha, and a change at run 7 of 9 (three runs after it) found.
 */
class ChangeDetectorTest {
  static final double ALPHA = TrendAnalyzer.DEFAULT_ALPHA;
  static final int HISTORIES = 500;

  /** One simulated history: per run, the log of each fork's mean. */
  record History(double[][] logs, double cv, boolean logNormal) {}

  /**
   * Runs of 3-5 forks with CV 1-10 %, normal or log-normal noise around 100 (times {@code factor}
   * from run {@code changeAt}, 1-based). {@code runCv} adds a per-run offset shared by the run's forks.
   */
  static History history(SplittableRandom r, int runs, int changeAt, double factor, double runCv) {
    double cv = 0.01 + 0.09 * r.nextDouble();
    boolean logNormal = r.nextBoolean();
    double[][] logs = new double[runs][];
    for (int i = 0; i < runs; i++) {
      double level = 100 * (i + 1 >= changeAt ? factor : 1) * Math.exp(runCv * gauss(r));
      logs[i] = new double[3 + r.nextInt(3)];
      for (int f = 0; f < logs[i].length; f++) {
        double v = logNormal ? level * Math.exp(cv * gauss(r)) : level * (1 + cv * gauss(r));
        logs[i][f] = Math.log(v);
      }
    }
    return new History(logs, cv, logNormal);
  }

  static double gauss(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /**
   * The most false positives among {@link #HISTORIES} that a true rate of alpha makes likely:
   * the smallest k with P(Binomial(HISTORIES, alpha) > k) <= 0.001.
   */
  static int margin() {
    BinomialDistribution b = new BinomialDistribution(null, HISTORIES, ALPHA);
    int k = 0;
    while (1 - b.cumulativeProbability(k) > 0.001) {
      k++;
    }
    return k;
  }

  private static int falsePositives(long seed, double threshold, double runCv) {
    SplittableRandom r = new SplittableRandom(seed);
    ChangeDetector d = new ChangeDetector(ALPHA, threshold);
    int withChange = 0;
    for (int h = 0; h < HISTORIES; h++) {
      ChangeDetector.Detection found = d.detect(history(r, 9 + r.nextInt(12), Integer.MAX_VALUE, 1, runCv).logs());
      if (!found.changes().isEmpty() || !found.small().isEmpty()) {
        withChange++;
      }
    }
    return withChange;
  }

  @Test
  void noChangeHistoriesHaveAChangePointAtMostAlphaOfTheTime() {
    int margin = margin();
    // threshold 0: the t-test alone decides, so this checks its level, not the threshold's help
    int bare = falsePositives(20261130L, 0, 0);
    assertTrue(bare <= margin, bare + " of " + HISTORIES + " no-change histories had a significant split");
    int withThreshold = falsePositives(20261131L, 0.05, 0);
    assertTrue(withThreshold <= margin, withThreshold + " of " + HISTORIES + " had a change point > 5 %");
  }

  @Test
  void runToRunVariationDoesNotPassForAChange() {
    // each run shifted as a whole by 5 % (sd), three times the forks' typical noise: forks pooled
    // across runs would call many of these histories changed; the run means' scatter keeps the level
    int fp = falsePositives(20261132L, 0, 0.05);
    assertTrue(fp <= margin(), fp + " of " + HISTORIES + " histories with run-to-run variation had a split");
  }

  private static int foundAtSeven(double factor, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    ChangeDetector d = new ChangeDetector(ALPHA, 0.05);
    int found = 0;
    long extra = 0;
    for (int h = 0; h < HISTORIES; h++) {
      ChangeDetector.Detection det = d.detect(history(r, 9, 7, factor, 0).logs());
      if (det.changes().stream().anyMatch(c -> c.index() == 6)) {
        found++; // another change in runs 1-6 would be a false one, at most alpha of the time: counted apart
      }
      extra += det.changes().stream().filter(c -> c.index() != 6).count();
      assertEquals(7, det.untestedFrom(), "runs 8 and 9 cannot start a change");
    }
    assertTrue(extra <= margin(), extra + " false change points besides run 7");
    return found;
  }

  @Test
  void aChangeAtRunSevenOfNineIsFound() {
    assertEquals(HISTORIES, foundAtSeven(70, 1), "70x at run 7: every time");
    assertEquals(HISTORIES, foundAtSeven(1.5, 2), "1.5x at run 7: every time");
    assertEquals(HISTORIES, foundAtSeven(1 / 1.5, 3), "1.5x faster at run 7: every time");
  }

  @Test
  void untestedTail() {
    assertEquals(7, ChangeDetector.untestedFrom(9, 0), "a change needs 3 runs after it: runs 8, 9 untested");
    assertEquals(7, ChangeDetector.untestedFrom(9, 6), "after a change at run 7: the segment is too short");
    assertEquals(1, ChangeDetector.untestedFrom(5, 0), "5 runs: no split has 3 a side");
    assertEquals(8, ChangeDetector.untestedFrom(12, 7), "after a change at run 8 only runs 9-12: 9-12 untested");
  }

  @Test
  void constantLevelsAndAnExactShift() {
    double[][] flat = new double[9][];
    double[][] step = new double[9][];
    for (int i = 0; i < 9; i++) {
      flat[i] = new double[] {Math.log(5), Math.log(5)};
      step[i] = new double[] {Math.log(i < 6 ? 5 : 350), Math.log(i < 6 ? 5 : 350)};
    }
    assertTrue(new ChangeDetector(ALPHA, 0.05).detect(flat).changes().isEmpty());
    ChangeDetector.Detection d = new ChangeDetector(ALPHA, 0.05).detect(step);
    assertEquals(1, d.changes().size());
    assertEquals(6, d.changes().get(0).index());
    assertEquals(69, d.changes().get(0).relativeChange(), 1e-9);
  }
}
