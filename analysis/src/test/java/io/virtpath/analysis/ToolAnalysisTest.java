package io.virtpath.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.compare.CompareOutcome;
import io.virtpath.analysis.compare.CompareResult;
import io.virtpath.analysis.compare.Comparer;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.report.ReportWriter;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Row;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.result.Verdict;
import io.virtpath.analysis.trend.TrendAnalyzer;
import io.virtpath.analysis.trend.TrendResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report, compare and trend on fio and iperf3 outputs. The fixtures: the same fio job three times
 * with direct I/O ({@code fio/replicates}) and three times through the page cache ({@code
 * fio/replicates-buffered}); same job, same key.
 */
class ToolAnalysisTest {
  @TempDir Path tmp;

  private static final Path DIRECT = Fixtures.FIO.resolve("replicates");
  private static final Path BUFFERED = Fixtures.FIO.resolve("replicates-buffered");

  private static Row row(Analysis a, String benchmark, String metric, String target) {
    return a.rows().stream().filter(r -> r.benchmark().equals(benchmark) && r.metric().equals(metric)
        && r.target().equals(target)).findFirst().orElseThrow(() -> new AssertionError(benchmark + " " + metric));
  }

  @Test
  void reportOnTwoDirectoriesOfReplicates() throws Exception {
    Analysis a = new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(DIRECT, BUFFERED)), null);
    assertEquals("replicates", a.baseline());
    Row base = row(a, "fio.rr.read", Row.PRIMARY, "replicates");
    Row t = row(a, "fio.rr.read", Row.PRIMARY, "replicates-buffered");
    assertEquals("randread", t.mode());
    assertEquals("ops/s", t.unit());
    assertEquals("higher-is-better", t.direction());
    assertEquals(3, t.n());
    assertEquals("forks", t.replicate(), "each file is one replicate");
    assertEquals((18539.460539 + 18935.064935 + 19059.94006) / 3, base.score(), 1e-6);
    assertEquals(base.score() / t.score(), t.ratio(), 1e-12, "throughput: cost = baseline / target");
    assertTrue(t.ratio() < 1, "the page cache serves more IOPS: " + t.ratio());
    assertEquals("log-welch", t.ratioCiMethod());
    assertNotNull(t.ciLow(), "three replicates: an interval");
    assertNotNull(t.pValue());
    assertTrue(t.notes().stream().noneMatch(n -> n.startsWith("single fork")), t.notes().toString());
    Row clat = row(a, "fio.rr.read", "clat.mean", "replicates-buffered");
    assertEquals("lower-is-better", clat.direction());
    assertEquals(clat.score() / row(a, "fio.rr.read", "clat.mean", "replicates").score(), clat.ratio(), 1e-12);
    assertNull(clat.pValue(), "secondary metrics are described, not tested");
    assertEquals("higher-is-better", row(a, "fio.rr.read", "bw", "replicates-buffered").direction());

    ReportWriter.Written w = ReportWriter.write(a, tmp.resolve("out"));
    String html = Files.readString(w.html());
    assertTrue(html.contains("rr.read") && html.contains("Overhead against replicates"), "the fio job is reported");
    assertTrue(w.charts().size() >= 2, "an overhead chart as PNG and SVG");
    var summary = io.virtpath.core.Json.mapper().readTree(w.json().toFile());
    assertEquals(0, summary.get("skipped").size());
  }

  @Test
  void oneIperf3FileIsASingleForkAndTheRowSaysSo() {
    Analysis a = new Analyzer(Settings.DEFAULTS).analyze(
        Inputs.load(List.of(Fixtures.IPERF3.resolve("tcp-forward.json"))), null);
    Row send = row(a, "iperf3.TCP.send", Row.PRIMARY, "tcp-forward");
    assertEquals("MB/s", send.unit());
    assertEquals("iterations", send.replicate());
    assertTrue(send.notes().stream().anyMatch(n -> n.startsWith("single fork")), send.notes().toString());
    Row receive = row(a, "iperf3.TCP.receive", Row.PRIMARY, "tcp-forward");
    assertEquals(1, receive.n());
    assertNull(receive.ciLow(), "one value: no interval");
  }

  @Test
  void compareNeedsReplicates() {
    Comparer c = new Comparer(Settings.DEFAULTS);
    CompareOutcome dirs = c.compare("a", Inputs.load(List.of(DIRECT)), "b", Inputs.load(List.of(BUFFERED)));
    CompareResult rr = dirs.results().stream().filter(r -> r.benchmark().equals("fio.rr.read")).findFirst().orElseThrow();
    assertNotNull(rr.ratioCiLow(), "three replicates a side: an interval to read the verdict from");
    assertTrue(rr.verdict() == Verdict.INCONCLUSIVE && rr.ratioCiLow() < 1 / 1.05,
        "a 6 % gain on 3 files a side: its interval reaches beyond 5 %, so no verdict yet: " + rr);
    assertTrue(rr.ratio() < 1, "B (page cache) has the higher IOPS: cost ratio below 1: " + rr.ratio());
    assertEquals(3, rr.b().n());
    assertEquals("forks", rr.b().replicate());
    CompareOutcome files = c.compare("a", Inputs.load(List.of(Fixtures.FIO.resolve("randread-psync.json"))), "b",
        Inputs.load(List.of(DIRECT.resolve("rr-1.json"))));
    CompareResult one = files.results().stream().filter(r -> r.benchmark().equals("fio.rr.read")).findFirst()
        .orElseThrow();
    assertEquals(Verdict.INCONCLUSIVE, one.verdict(), "one fio file a side is one replicate a side");
  }

  @Test
  void trendOrdersFioRunsByFiosTimestamp() {
    List<Path> newestFirst = List.of(BUFFERED.resolve("rr-3.json"), BUFFERED.resolve("rr-2.json"),
        BUFFERED.resolve("rr-1.json"), DIRECT.resolve("rr-3.json"), DIRECT.resolve("rr-2.json"),
        DIRECT.resolve("rr-1.json"), Fixtures.FIO.resolve("randread-psync.json"));
    TrendResult t = new TrendAnalyzer(0.01, 0.05, 0.95).analyze(Inputs.load(newestFirst), Pattern.compile("rr\\.read"),
        null);
    assertEquals("start time", t.order());
    assertEquals(List.of("randread-psync.json", "rr-1.json", "rr-2.json", "rr-3.json", "rr-1.json", "rr-2.json",
        "rr-3.json"), t.runs().stream().map(TrendResult.Run::id).toList());
    assertEquals(1, t.series().size(), "one series across differently named files");
    TrendResult.Series s = t.series().get(0);
    assertEquals("fio", s.target());
    assertEquals("ops/s", s.unit());
    assertEquals(7, s.points().size());
    assertEquals(17776.611694, s.points().get(0).value(), 1e-9);
  }
}
