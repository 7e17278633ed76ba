package io.virtpath.analysis.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BenchmarkKeyTest {
  private static BenchmarkKey key(String mode, Map<String, String> params) {
    return BenchmarkKey.of("a.B.c", mode, params);
  }

  private static List<String> sorted(Stream<BenchmarkKey> keys) {
    // a TreeSet, as the Analyzer and the Comparer collect keys
    return new TreeSet<>(keys.toList()).stream().map(BenchmarkKey::paramsText).toList();
  }

  @Test
  void numericParamsSortByValueNotAsText() {
    assertEquals(List.of("size=0", "size=1", "size=2", "size=16", "size=32"),
        sorted(Stream.of("0", "1", "16", "2", "32").map(v -> key("avgt", Map.of("size", v)))));
    assertEquals(List.of("qd=-1", "qd=0.5", "qd=1", "qd=1e3", "qd=4096"),
        sorted(Stream.of("4096", "1e3", "1", "0.5", "-1").map(v -> key("avgt", Map.of("qd", v)))));
  }

  @Test
  void numbersComeBeforeTextAndTextSortsAsText() {
    assertEquals(List.of("size=2", "size=16", "size=16k", "size=4k", "size=large"),
        sorted(Stream.of("large", "16k", "16", "4k", "2").map(v -> key("avgt", Map.of("size", v)))));
  }

  @Test
  void paramsCompareNameByNameThenValue() {
    assertEquals(List.of("bs=4,qd=1", "bs=4,qd=16", "bs=64,qd=1", "bs=64,qd=16"),
        sorted(Stream.of(key("avgt", Map.of("bs", "64", "qd", "1")), key("avgt", Map.of("bs", "4", "qd", "16")),
            key("avgt", Map.of("bs", "64", "qd", "16")), key("avgt", Map.of("bs", "4", "qd", "1")))));
    assertTrue(key("avgt", Map.of()).compareTo(key("avgt", Map.of("size", "1"))) < 0, "no params first");
  }

  @Test
  void orderAgreesWithEquality() {
    BenchmarkKey one = key("avgt", Map.of("x", "1"));
    BenchmarkKey onePointZero = key("avgt", Map.of("x", "1.0"));
    assertNotEquals(one, onePointZero);
    assertNotEquals(0, one.compareTo(onePointZero), "different keys never compare as equal");
    assertEquals(0, one.compareTo(key("avgt", Map.of("x", "1"))));
    assertEquals(2, new TreeSet<>(List.of(one, onePointZero)).size());
  }

  @Test
  void modeThenParams() {
    assertEquals(List.of("avgt", "sample", "thrpt"),
        new TreeSet<>(List.of(key("thrpt", Map.of("size", "1")), key("avgt", Map.of("size", "2")),
            key("sample", Map.of("size", "1")))).stream().map(BenchmarkKey::mode).toList());
    // a benchmark that failed everywhere has no mode: it sorts after those that have one
    assertTrue(key(null, Map.of()).compareTo(key("avgt", Map.of())) > 0);
  }
}
