package io.virtpath.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.virtpath.runner.DerivedMetrics;
import io.virtpath.validate.reference.ToolFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtpathSideTest {
  static DerivedMetrics.Entry entry(String mode, String unit, double value, Map<String, Double> pct) {
    return new DerivedMetrics.Entry("b", mode, Map.of(), "m", unit, value, 0, value, unit, 1, pct);
  }

  @Test
  void figuresAreReadFromTheMatchingMode() throws Exception {
    List<DerivedMetrics.Entry> randRead = List.of(entry("thrpt", "IOPS", 15_000, Map.of()),
        entry("sample", "ns/op", 60_000, Map.of("p50", 51_000.0)));
    assertEquals(15_000, VirtpathSide.figure(Pair.RAND_READ_QD1, randRead), 0);
    List<DerivedMetrics.Entry> rr = List.of(entry("sample", "ns/op", 20_000, Map.of("p50", 17_100.0)));
    assertEquals(17.1, VirtpathSide.figure(Pair.TCP_RR_1B, rr), 1e-9);
    assertEquals(120, VirtpathSide.figure(Pair.GETPID, List.of(entry("avgt", "ns/op", 120, Map.of()))), 0);
    assertThrows(ToolFailure.class, () -> VirtpathSide.figure(Pair.GETPID, rr));
  }
}
