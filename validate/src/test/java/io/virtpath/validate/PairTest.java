package io.virtpath.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.runner.BenchmarkPlan;
import io.virtpath.runner.Suite;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PairTest {
  @Test
  void everyPairNamesABenchmarkThatExists() {
    Set<String> names = BenchmarkPlan.of(List.of(Suite.values())).items().stream()
        .map(BenchmarkPlan.Item::name).collect(Collectors.toSet());
    for (Pair p : Pair.values()) {
      assertTrue(names.contains(p.benchmark), p + ": " + p.benchmark + " is not in the jar's BenchmarkList");
      assertTrue(p.benchmark.startsWith("io.virtpath.bench." + p.suite.id() + "."), p.benchmark);
    }
  }

  @Test
  void bandsAreTheProjectTargets() {
    assertEquals("≤ 1.10", Pair.GETPID.band());
    assertEquals("0.90–1.10", Pair.RAND_READ_QD1.band());
    assertEquals("≤ 1.15", Pair.TCP_RR_1B.band());
    assertEquals("≥ 0.85", Pair.TCP_STREAM.band());
    assertTrue(Pair.SEQ_READ_1M.inBand(1.10));
    assertFalse(Pair.SEQ_READ_1M.inBand(1.11)); // faster than fio: the page cache answered
    assertTrue(Pair.TCP_STREAM.inBand(3.0));
  }

  @Test
  void suitesSelectPairs() {
    assertEquals(List.of(Pair.GETPID, Pair.CLOCK_GETTIME), Pair.of(List.of(Suite.SYSCALL)));
    assertEquals(9, Pair.of(List.of(Suite.values())).size());
  }

  @Test
  void verdicts() {
    PairResult meets = PairResult.of(Pair.GETPID, List.of(1, 2, 3), List.of(101.0, 102.0, 100.0),
        List.of(100.0, 100.0, 100.0), List.of(), 0.95);
    assertEquals("meets", meets.verdict());
    assertNull(meets.bandLow());
    assertEquals(1.10, meets.bandHigh());
    PairResult wide = PairResult.of(Pair.GETPID, List.of(1, 2), List.of(100.0, 115.0), List.of(100.0, 100.0),
        List.of(), 0.95);
    assertEquals("borderline", wide.verdict());
    PairResult miss = PairResult.of(Pair.TCP_STREAM, List.of(1), List.of(50.0), List.of(100.0), List.of(), 0.95);
    assertEquals("misses", miss.verdict());
    assertNull(miss.bandHigh());
    PairResult none = PairResult.of(Pair.TCP_STREAM, List.of(), List.of(), List.of(), List.of("round 1, iperf3: x"), 0.95);
    assertEquals("no data", none.verdict());
    assertNull(none.ratio());
  }

  @Test
  void figuresReadFromMetricsJsonKeepItsUnitAndDirection() {
    // virtpath's side is read from metrics.json's value: same spelling, same direction
    assertEquals("IOPS", Pair.RAND_READ_QD16.figure.unit);
    assertTrue(Pair.RAND_READ_QD16.figure.higherIsBetter);
    assertEquals("MB/s", Pair.SEQ_WRITE_1M.figure.unit);
    assertTrue(Pair.SEQ_WRITE_1M.figure.higherIsBetter);
    assertEquals("ns", Pair.GETPID.figure.unit);
    assertFalse(Pair.GETPID.figure.higherIsBetter);
  }
}
