package io.virtpath.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.virtpath.core.record.Metrics;
import io.virtpath.core.record.Unit;
import io.virtpath.validate.reference.ToolFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtpathSideTest {
  static Metrics.Entry entry(String mode, Unit unit, double value, Map<String, Double> pct) {
    return new Metrics.Entry("b", mode, Map.of(), unit, value, 0, value, unit.symbol(), 1, pct);
  }

  @Test
  void figuresAreReadFromTheMatchingMode() throws Exception {
    List<Metrics.Entry> randRead = List.of(entry("thrpt", Unit.IOPS, 15_000, Map.of()),
        entry("sample", Unit.NS_PER_OP, 60_000, Map.of("p50", 51_000.0)));
    assertEquals(15_000, VirtpathSide.figure(Pair.RAND_READ_QD1, randRead), 0);
    List<Metrics.Entry> rr = List.of(entry("sample", Unit.NS_PER_OP, 20_000, Map.of("p50", 17_100.0)));
    assertEquals(17.1, VirtpathSide.figure(Pair.TCP_RR_1B, rr), 1e-9);
    assertEquals(120, VirtpathSide.figure(Pair.GETPID, List.of(entry("avgt", Unit.NS_PER_OP, 120, Map.of()))), 0);
    assertThrows(ToolFailure.class, () -> VirtpathSide.figure(Pair.GETPID, rr));
  }
}
