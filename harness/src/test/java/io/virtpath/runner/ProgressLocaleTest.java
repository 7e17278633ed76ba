package io.virtpath.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.record.Metrics;
import io.virtpath.core.record.Unit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The run's progress lines are read back by the lab (lab.target.Progress.INNER_LINES) from a host,
 * container or guest whose JVM may run in any locale: their numbers never take a decimal comma.
 */
class ProgressLocaleTest {
  @Test
  void progressLinesKeepDecimalPointsUnderAGermanLocale() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    BenchmarkPlan.Item item =
        new BenchmarkPlan.Item(Suite.NETWORK, "io.virtpath.bench.network.NetworkBenchmark.tcpRoundTrip1b",
            List.of("sample"), 1);
    Metrics.Entry entry =
        new Metrics.Entry(item.name(), "sample", Map.of(), Unit.NS_PER_OP, 12_345.6, 123.4,
            12_345.6, "ns/op", 1000, Map.of("p50", 12_500.0, "p99", 1_234_567.0));
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      Progress p = new Progress(out, List.of(item), i -> 90.5);
      p.starting(item);
      p.finished(item, List.of(new Progress.Line(entry,
          IterationSpread.of(12_345.6, List.of(new double[] {12_000.0, 12_345.6, 12_691.2})))));
    } finally {
      Locale.setDefault(before);
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("\\[ 1/1\\] network\\.tcpRoundTrip1b .*elapsed \\d+:\\d{2}, ETA 1:31"),
        lines.get(0));
    assertEquals("         sample 12,346 ns/op  p50 12.5 µs  p99 1.23 ms  iterations spread -2.8% to +2.8%"
        + " (3 iterations, 1 fork)", lines.get(1));
  }
}
