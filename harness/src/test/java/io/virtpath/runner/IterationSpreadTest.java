package io.virtpath.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.virtpath.core.record.Metrics;
import io.virtpath.core.record.Unit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.ThroughputResult;

/**
 * The console's spread of iterations replaces JMH's 99.9 % error, which for one fork of three
 * iterations is t = 31.6 times the standard error: a TCG guest's line read "±1362%".
 */
class IterationSpreadTest {
  @Test
  void threeNoisyIterationsReadAsTheirRangeNotAsJmhsError() {
    // iterations 100, 400, 1000 ops/s: mean 500; JMH's error is 31.6 * sd/sqrt(3) = 1,662 (±332 %)
    IterationSpread s = IterationSpread.of(run(new double[] {100, 400, 1000}));
    assertEquals("iterations spread -80.0% to +100.0% (3 iterations, 1 fork)", s.describe());
    Metrics.Entry e = new Metrics.Entry("b.tcpThroughput", "thrpt", Map.of(), Unit.OPS_PER_S, 500, 1662,
        500, "ops/s", 3, Map.of());
    String line = Progress.describe(e, s);
    assertEquals("thrpt  500 ops/s  iterations spread -80.0% to +100.0% (3 iterations, 1 fork)", line);
    assertFalse(line.contains("±"), line);
  }

  @Test
  void forksAreCountedAndAllTheirIterationsTaken() {
    IterationSpread s = IterationSpread.of(run(new double[] {99, 101}, new double[] {95, 105}));
    assertEquals(4, s.iterations());
    assertEquals(2, s.forks());
    assertEquals("iterations spread -5.0% to +5.0% (4 iterations, 2 forks)", s.describe());
  }

  @Test
  void steadyIterationsShowNoSignOnZero() {
    assertEquals("iterations spread 0.0% to 0.0% (2 iterations, 1 fork)",
        IterationSpread.of(42.0, List.of(new double[] {42.0, 42.0})).describe());
  }

  @Test
  void oneIterationOrAZeroScoreHasNoSpreadAndSaysSo() {
    assertEquals("no iterations spread (1 iteration, 1 fork)",
        IterationSpread.of(run(new double[] {700})).describe());
    assertEquals("no iterations spread (2 iterations, 1 fork)",
        IterationSpread.of(0.0, List.of(new double[] {-1, 1})).describe());
  }

  /** A JMH result of throughput iterations, one array per fork, each iteration one second long. */
  private static RunResult run(double[]... forks) {
    List<BenchmarkResult> results = new java.util.ArrayList<>();
    for (double[] fork : forks) {
      List<IterationResult> its = new java.util.ArrayList<>();
      for (double opsPerSecond : fork) {
        IterationResult it = new IterationResult(null, null, null);
        it.addResult(new ThroughputResult(ResultRole.PRIMARY, "b", opsPerSecond, 1_000_000_000L, TimeUnit.SECONDS));
        its.add(it);
      }
      results.add(new BenchmarkResult(null, its));
    }
    return new RunResult(null, results);
  }
}
