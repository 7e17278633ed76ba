package io.virtpath.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.virtpath.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals metrics.json: a change to its format must change golden/metrics.json (and
 * docs/results-format.md, and the format version when it breaks readers) on purpose. One entry per
 * metric kind; the latency entry is a real smoke run's (one fork, two iterations: no error).
 */
class MetricsFormatTest {
  @TempDir Path dir;

  static Metrics sample() {
    Map<String, Double> percentiles = new LinkedHashMap<>();
    percentiles.put("p50", 17_088.0);
    percentiles.put("p90", 19_456.0);
    percentiles.put("p99", 31_232.0);
    percentiles.put("p99.9", 88_064.0);
    percentiles.put("p99.99", 412_672.0);
    percentiles.put("max", 1_067_008.0);
    return Metrics.of(List.of(
        new Metrics.Entry("io.virtpath.bench.syscall.PipeRoundTripBench.pipeRoundTrip", "avgt", Map.of(),
            Unit.NS_PER_OP, 16255.153236021397, Double.NaN, 16255.153236021397, "ns/op", 2, Map.of()),
        new Metrics.Entry("io.virtpath.bench.disk.DiskRandomBench.randRead4kQd1", "thrpt", Map.of(), Unit.IOPS,
            15_012.5, 412.25, 15.0125, "ops/ms", 10, Map.of(), counters()),
        new Metrics.Entry("io.virtpath.bench.disk.DiskSequentialBench.seqRead1m", "thrpt", Map.of(), Unit.MB_PER_S,
            1_875.5, 35.25, 1.7886, "ops/ms", 10, Map.of()),
        new Metrics.Entry("io.virtpath.bench.network.NetworkBenchmark.tcpRoundTrip1b", "sample", Map.of(),
            Unit.NS_PER_OP, 18_113.5, 96.5, 18.1135, "us/op", 52_173, percentiles)));
  }

  /** Some of the kernel counters profiler's figures, from a smoke run on a virtio-blk disk. */
  private static Map<String, Double> counters() {
    Map<String, Double> c = new LinkedHashMap<>();
    c.put("irq.disk.virtio_blk/op", 1.0);
    c.put("irq.other/op", 0.140625);
    c.put("softirq.block/op", 1.0);
    c.put("ctxsw.vol/op", 0.989);
    c.put("cpu.system.%", 20.79);
    c.put("disk.inflight.avg", 0.738);
    return c;
  }

  @Test
  void aFileFromBeforeTheCountersReadsWithNone() throws IOException {
    Path f = dir.resolve("metrics.json");
    Files.writeString(f, """
        {"formatVersion": 1, "results": [{"benchmark": "b.m", "mode": "avgt", "params": {}, "metric": "latency",
         "unit": "ns/op", "value": 1.0, "error": 0.1, "jmhScore": 1.0, "jmhUnit": "ns/op", "samples": 2,
         "latencyPercentilesNs": {}}]}
        """);
    assertEquals(Map.of(), Json.read(f, Metrics.class).results().get(0).counters());
  }

  @Test
  void matchesTheGoldenFile() throws IOException {
    Path f = dir.resolve("metrics.json");
    Json.write(f, sample());
    String actual = Files.readString(f, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("virtpath.updateGolden")) {
      // mvn test -Dvirtpath.updateGolden=true: rewrite on purpose, then review the diff
      Files.writeString(Path.of("src/test/resources/golden/metrics.json"), actual);
    }
    assertEquals(FingerprintFormatTest.golden("golden/metrics.json"), actual);
  }

  @Test
  void readsBackEqual() throws IOException {
    Path f = dir.resolve("metrics.json");
    Json.write(f, sample());
    assertEquals(sample(), Json.read(f, Metrics.class));
  }

  @Test
  void eachUnitSaysItsMetricAndDirection() {
    Metrics.Entry iops = sample().results().get(1);
    assertEquals("iops", iops.metric());
    assertEquals(Unit.IOPS, Unit.ofSymbol("IOPS"));
    assertEquals(false, Unit.NS_PER_OP.higherIsBetter());
    assertEquals(true, Unit.MB_PER_S.higherIsBetter());
    assertNull(Unit.ofSymbol("MiB/s"), "not a unit virtpath writes");
  }
}
