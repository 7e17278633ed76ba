package io.virtpath.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.virtpath.bench.PrimaryMetric;
import org.junit.jupiter.api.Test;

class DerivedMetricsTest {
  @Test
  void timeUnits() {
    assertEquals(1, DerivedMetrics.nanosPerUnit("ns/op"));
    assertEquals(1e3, DerivedMetrics.nanosPerUnit("us/op"));
    assertEquals(1e9, DerivedMetrics.nanosPerUnit("s/op"));
    assertThrows(IllegalArgumentException.class, () -> DerivedMetrics.nanosPerUnit("furlongs/op"));
  }

  @Test
  void rateUnits() {
    assertEquals(1, DerivedMetrics.opsPerSecondFactor("ops/s"));
    assertEquals(1e3, DerivedMetrics.opsPerSecondFactor("ops/ms"));
    assertEquals(1e6, DerivedMetrics.opsPerSecondFactor("ops/us"));
  }

  @Test
  void readsTheBenchmarksOwnDeclaration() {
    PrimaryMetric seq = DerivedMetrics.annotation("io.virtpath.bench.disk.DiskSequentialBench.seqRead1m");
    assertEquals(PrimaryMetric.Kind.MB_PER_S, seq.value());
    assertEquals(1 << 20, seq.bytesPerOp());
    assertEquals(PrimaryMetric.Kind.IOPS,
        DerivedMetrics.annotation("io.virtpath.bench.disk.DiskRandomBench.randRead4kQd1").value());
    assertNull(DerivedMetrics.annotation("org.example.Missing.method"));
  }
}
