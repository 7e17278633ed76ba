package io.virtpath.analysis.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.record.Unit;
import org.junit.jupiter.api.Test;

class ScoreUnitTest {
  private static ScoreUnit u(String s) {
    return ScoreUnit.parse(s);
  }

  @Test
  void timePerOpConverts() {
    assertEquals(1000, u("us/op").factorTo(u("ns/op")), 1e-9);
    assertEquals(1e-9, u("ns/op").factorTo(u("s/op")), 1e-21);
    assertEquals(60e3, u("min/op").factorTo(u("ms/op")), 1e-6);
    assertEquals(Direction.LOWER_IS_BETTER, u("ms/op").direction());
  }

  @Test
  void opsPerTimeConverts() {
    assertEquals(1e6, u("ops/us").factorTo(u("ops/s")), 1e-6);
    assertEquals(1.0 / 60, u("ops/min").factorTo(u("ops/s")), 1e-12);
    assertEquals(Direction.HIGHER_IS_BETTER, u("ops/ms").direction());
  }

  @Test
  void otherUnitsOnlyEqualThemselves() {
    assertTrue(u("B/op").convertibleTo(u("B/op")));
    assertFalse(u("B/op").convertibleTo(u("ns/op")));
    assertFalse(u("ns/op").convertibleTo(u("ops/ns")), "time per op and throughput are not converted into each other");
    assertFalse(u("MB/sec").convertibleTo(u("ops/s")));
    assertEquals(Direction.UNKNOWN, u("#").direction());
    assertThrows(IllegalArgumentException.class, () -> u("B/op").factorTo(u("ns/op")));
  }

  @Test
  void dataRatesConvertAndHigherIsBetter() {
    assertEquals(1e6, u("MB/s").factorTo(u("B/s")), 1e-6);
    assertEquals(1.048576, u("MiB/s").factorTo(u("MB/s")), 1e-12);
    assertEquals(1e3, u("GB/s").factorTo(u("MB/s")), 1e-9);
    assertEquals(Direction.HIGHER_IS_BETTER, u("MB/s").direction());
    assertFalse(u("MB/s").convertibleTo(u("ops/s")), "IOPS and bandwidth are different quantities");
    assertEquals(ScoreUnit.Kind.OTHER, u("Mb/s").kind(), "megabits are not megabytes");
    assertEquals(ScoreUnit.Kind.OTHER, u("MB/sec").kind(), "JMH's gc.alloc.rate: more is not better");
    assertEquals(Direction.UNKNOWN, u("MB/sec").direction());
  }

  @Test
  void theUnitsVirtpathWritesAreReadWithTheWritersDirection() {
    for (Unit w : Unit.values()) {
      ScoreUnit r = ScoreUnit.of(w);
      assertEquals(w.symbol(), r.text());
      assertEquals(w.higherIsBetter() ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER, r.direction(),
          w.symbol());
    }
    assertEquals(1, u("IOPS").factorTo(u("ops/s")), 0, "one IOPS is one operation per second");
    assertEquals(1, ScoreUnit.of(Unit.NS_PER_OP).factorTo(u("ns/op")), 0);
    assertEquals(1e6, ScoreUnit.of(Unit.MB_PER_S).factorTo(u("B/s")), 1e-6, "MB/s is 10^6 bytes per second");
  }
}
