package io.virtpath.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.analysis.read.BenchmarkKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Chart categories in the order a reader expects: params that are numbers sort as numbers. */
class ReportChartsOrderTest {
  private static BenchmarkKey key(String size, String mode) {
    return BenchmarkKey.of("io.example.Bench.read", mode, Map.of("size", size));
  }

  @Test
  void numericParamsSortAsNumbersAndTextAsText() {
    List<BenchmarkKey> keys = new ArrayList<>(List.of(key("1024", "thrpt"), key("256", "thrpt"), key("16", "thrpt"),
        key("64k", "thrpt"), key("256", "avgt")));
    keys.sort(ReportCharts.ORDER);
    assertEquals(List.of("avgt 256", "thrpt 16", "thrpt 256", "thrpt 1024", "thrpt 64k"),
        keys.stream().map(k -> k.mode() + " " + k.params().get("size")).toList(),
        "text order would put 1024 before 256");
    // a total order when numbers and text mix (9 < 10 by number, 10 < 1a and 1a < 9 by text would be a cycle)
    List<BenchmarkKey> mixed = new ArrayList<>(List.of(key("1a", "thrpt"), key("10", "thrpt"), key("9", "thrpt"),
        key("b", "thrpt"), key("2", "thrpt")));
    mixed.sort(ReportCharts.ORDER);
    assertEquals(List.of("2", "9", "10", "1a", "b"), mixed.stream().map(k -> k.params().get("size")).toList());
  }
}
