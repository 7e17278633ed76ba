package io.virtpath.analysis.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.report.HtmlReport;
import io.virtpath.analysis.report.Summary;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Format;
import io.virtpath.analysis.result.Row;
import io.virtpath.analysis.result.Settings;
import io.virtpath.core.Json;
import io.virtpath.core.record.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real virtpath record (a smoke run of all three suites) is read in its suites' units. */
class RecordUnitsTest {
  @TempDir Path tmp;

  private static Map<String, BenchmarkResult> byName(List<BenchmarkResult> results) {
    Map<String, BenchmarkResult> m = new HashMap<>();
    results.forEach(r -> m.put(r.key().benchmark().substring(r.key().benchmark().indexOf(".bench.") + 7)
        + " " + r.key().mode(), r));
    return m;
  }

  @Test
  void primaryMetricsAreInTheSuitesUnits() throws Exception {
    var r = byName(JmhJsonReader.read(Fixtures.VIRTPATH_RUN_JMH));
    // bandwidth: JMH's ops/s times the benchmark's bytes per operation
    assertEquals("MB/s", r.get("disk.DiskSequentialBench.seqRead1m thrpt").primary().unit().text());
    assertEquals("MB/s", r.get("network.NetworkBenchmark.tcpStream64k thrpt").primary().unit().text());
    assertEquals("IOPS", r.get("disk.DiskRandomBench.randRead4kQd1 thrpt").primary().unit().text());
    assertEquals("ops/s", r.get("network.NetworkBenchmark.tcpConnectClose thrpt").primary().unit().text());
    // latencies by magnitude: JMH wrote the disk ones in s/op (9.3e-05)
    assertEquals("us/op", r.get("disk.DiskRandomBench.randRead4kQd1 sample").primary().unit().text());
    assertEquals("us/op", r.get("syscall.PipeRoundTripBench.pipeRoundTrip avgt").primary().unit().text());
    assertEquals("ns/op", r.get("syscall.SyscallBench.getpid avgt").primary().unit().text());
    BenchmarkResult lat = r.get("disk.DiskRandomBench.randRead4kQd1 sample");
    assertEquals(93.447, lat.primary().pooledMean(), 0.001);
    for (Metric p : lat.secondary().values()) {
      assertEquals("us/op", p.unit().text(), "percentiles in the primary's unit: " + p.name());
    }
    double max = lat.primary().mergedHistogram().percentile(1.0);
    assertEquals(max, lat.secondary().get("p1.00").pooledMean(), 0);
    assertTrue(max > 100 && max < 1e6, "max in µs: " + max);
  }

  /** Every converted primary metric still says what metrics.json says, in metrics.json's unit. */
  @Test
  void everyPrimaryAgreesWithMetricsJson() throws Exception {
    Metrics metrics = Json.read(Fixtures.VIRTPATH_RUN.resolve("host/metrics.json"), Metrics.class);
    List<BenchmarkResult> results = JmhJsonReader.read(Fixtures.VIRTPATH_RUN_JMH);
    assertEquals(metrics.results().size(), results.size());
    for (Metrics.Entry e : metrics.results()) {
      BenchmarkResult r = results.stream()
          .filter(x -> x.key().equals(BenchmarkKey.of(e.benchmark(), e.mode(), e.params()))).findFirst().orElseThrow();
      ScoreUnit unit = ScoreUnit.of(e.unit());
      assertTrue(r.primary().unit().convertibleTo(unit), r.key() + ": " + r.primary().unit() + " vs " + unit);
      Metric inMetricsUnit = r.primary().inUnit(unit);
      assertEquals(e.value(), inMetricsUnit.jmhScore(), 1e-9 * e.value(), r.key() + " score");
      assertEquals(e.value(), inMetricsUnit.pooledMean(), 1e-9 * e.value(), r.key() + " pooled mean");
      if (Double.isFinite(e.error())) {
        assertEquals(e.error(), inMetricsUnit.jmhError(), 1e-9 * e.error(), r.key() + " error");
      }
    }
  }

  /** What the user counted: "MB/s" 0 times in the report, latencies as s/op in exponent notation. */
  @Test
  void theReportSpeaksTheSuitesUnits() throws Exception {
    Analysis a = new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(Fixtures.VIRTPATH_RUN)), null);
    assertTrue(a.skipped().isEmpty(), a.skipped().toString());
    String summary = Json.toString(Summary.of(a));
    assertTrue(summary.contains("\"MB/s\""), "MB/s in summary.json");
    assertTrue(summary.contains("\"IOPS\""), "IOPS in summary.json");
    assertFalse(summary.contains("\"s/op\""), "no s/op");
    String html = HtmlReport.render(a, Map.of(), List.of());
    assertTrue(html.split("MB/s", -1).length - 1 >= 2, "MB/s in the report");
    for (Row row : a.rows()) {
      if (row.score() != null) {
        String shown = Format.number(row.score());
        assertFalse(shown.contains("e"), row.benchmark() + " " + row.metric() + ": " + shown);
      }
    }
  }

  @Test
  void aPlainJmhFileKeepsJmhsUnits() throws Exception {
    Path plain = Files.copy(Fixtures.VIRTPATH_RUN_JMH, tmp.resolve("smoke.json"));
    var r = byName(JmhJsonReader.read(plain));
    assertEquals("ops/s", r.get("disk.DiskSequentialBench.seqRead1m thrpt").primary().unit().text());
    assertEquals("s/op", r.get("disk.DiskRandomBench.randRead4kQd1 sample").primary().unit().text());
    // and a jmh.json alone in a directory, without metrics.json, too
    Path dir = Files.createDirectories(tmp.resolve("t"));
    Files.copy(Fixtures.VIRTPATH_RUN_JMH, dir.resolve("jmh.json"));
    var d = byName(JmhJsonReader.read(dir.resolve("jmh.json")));
    assertEquals("ops/s", d.get("network.NetworkBenchmark.tcpStream64k thrpt").primary().unit().text());
  }

  @Test
  void aMetricsJsonOfAnotherRunIsRefusedWithTheWayOut() throws Exception {
    Path run = Fixtures.copyTree(Fixtures.VIRTPATH_RUN, tmp.resolve("run"));
    Path metrics = run.resolve("host/metrics.json");
    Fixtures.edit(metrics, "\"jmhScore\" : 787.0363441872779", "\"jmhScore\" : 780.5");
    InputException e = assertThrows(InputException.class, () -> JmhJsonReader.read(run.resolve("host/jmh.json")));
    assertEquals(metrics, e.path());
    assertTrue(e.problem().contains("seqRead1m") && e.problem().contains("780.5")
        && e.problem().contains("Remove metrics.json"), e.problem());
    // through Inputs: the target is skipped and said so, no stack trace
    Loaded loaded = Inputs.load(List.of(run));
    assertEquals(1, loaded.skipped().size());
    assertTrue(loaded.skipped().get(0).problem().contains("not of the same run"));

    Files.writeString(metrics, "{ \"formatVersion\" : 1, \"results\" : [ {");
    InputException broken = assertThrows(InputException.class, () -> JmhJsonReader.read(run.resolve("host/jmh.json")));
    assertTrue(broken.problem().startsWith("unreadable") && broken.problem().contains("remove it"), broken.problem());
  }

  @Test
  void readableTimeUnitByMagnitude() {
    assertEquals("ns/op", RecordUnits.readableTime(9_999).text());
    assertEquals("us/op", RecordUnits.readableTime(10_000).text());
    assertEquals("us/op", RecordUnits.readableTime(9_999_999).text());
    assertEquals("ms/op", RecordUnits.readableTime(10_000_000).text());
    assertEquals("ns/op", RecordUnits.readableTime(Double.NaN).text());
  }
}
