package io.virtpath.runner;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.bench.PrimaryMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every benchmark must say what its score means, or metrics.json would guess. */
class BenchmarkDeclarationsTest {
  @Test
  void everyBenchmarkDeclaresItsPrimaryMetric() {
    for (BenchmarkPlan.Item item : BenchmarkPlan.of(List.of(Suite.values())).items()) {
      PrimaryMetric m = DerivedMetrics.annotation(item.name());
      assertNotNull(m, item.name() + " has no @PrimaryMetric");
      if (m.value() == PrimaryMetric.Kind.MB_PER_S) {
        assertTrue(m.bytesPerOp() > 0, item.name() + " declares MB/s without bytesPerOp");
      }
    }
  }

  @Test
  void everySuiteHasABaseline() {
    for (Suite s : Suite.values()) {
      assertTrue(BenchmarkPlan.of(List.of(s)).items().stream()
              .anyMatch(i -> i.name().substring(i.name().lastIndexOf('.') + 1).startsWith("baseline")),
          s + " has no baseline benchmark");
    }
  }
}
