package io.virtpath.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.read.Loaded;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Row;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.result.Verdict;
import io.virtpath.core.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The headline: every path in order, gaps named, verdicts from the rows, the same in HTML, JSON, text. */
class HeadlineTest {
  @TempDir Path tmp;

  static Analysis analyze(Path... inputs) {
    return new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(inputs)), null);
  }

  private static Row row(Analysis a, String target, Headline.Metric m) {
    return a.rows().stream().filter(r -> HeadlineTable.matches(r, m) && r.target().equals(target)).findFirst()
        .orElseThrow();
  }

  @Test
  void aLabRecordGetsEveryHeadlinePathInOrderWithItsGapsNamed() {
    Analysis a = analyze(Fixtures.LAB_TCG);
    HeadlineTable t = HeadlineTable.of(a);
    assertNotNull(t);
    assertEquals(Headline.METRICS.stream().map(Headline.Metric::path).toList(),
        t.rows().stream().map(HeadlineTable.Line::path).toList(), "every path, in order, none dropped");
    assertEquals(List.of("host", "emulated"), t.targets().stream().map(HeadlineTable.Target::label).toList());
    assertEquals("kvm (firecracker)", t.targets().get(0).accelerator());
    assertEquals("qemu-tcg (qemu)", t.targets().get(1).accelerator());
    assertEquals("partial", t.targets().get(1).status());

    HeadlineTable.Line getpid = t.rows().get(0);
    assertEquals("ns/op", getpid.unit());
    assertEquals(row(a, "host", Headline.METRICS.get(0)).score(), getpid.figure());
    HeadlineTable.Cell emu = getpid.ratios().get(0);
    Row emuRow = row(a, "emulated", Headline.METRICS.get(0));
    assertEquals(emuRow.ratio(), emu.ratio());
    assertEquals(emuRow.verdict(), emu.verdict(), "the verdict is the analysis', not the report's");
    assertEquals(emuRow.ratioCiLevel(), emu.ratioCiLevel());
    assertTrue(emu.ratio() > 10, "a TCG guest's getpid is many times the host's: " + emu.ratio());

    // emulated was interrupted after the syscall suite: its disk and network cells say so
    HeadlineTable.Line qd1 = t.rows().get(2);
    assertEquals(13183.34611393015, qd1.figure(), 1e-9);
    assertEquals("ops/s", qd1.unit());
    assertEquals(Row.NOT_RUN, qd1.ratios().get(0).missing());
    assertEquals(Verdict.MISSING, qd1.ratios().get(0).verdict());

    // round trips: the figure is the histogram's median, not the mean the row carries
    HeadlineTable.Line tcp = t.rows().get(7);
    assertEquals("p50", tcp.statistic());
    double mean = row(a, "host", Headline.METRICS.get(7)).score();
    assertTrue(tcp.figure() > 1000 && tcp.figure() < mean, "median " + tcp.figure() + " below the mean " + mean);
    assertNull(tcp.emulatedVsVirtio(), "no virtio target, no emulated/virtio column");
  }

  @Test
  void aLabRecordWithoutHeadlineBenchmarksListsEveryRowAsNotMeasured() {
    HeadlineTable t = HeadlineTable.of(analyze(Fixtures.LAB));
    assertNotNull(t, "a run record always gets the table: its gaps are findings");
    assertEquals(Headline.METRICS.size(), t.rows().size());
    for (HeadlineTable.Line l : t.rows()) {
      assertNull(l.figure());
      assertEquals(HeadlineTable.NOT_MEASURED, l.missing());
      assertEquals(List.of(HeadlineTable.NOT_MEASURED), l.ratios().stream().map(HeadlineTable.Cell::missing).toList());
    }
  }

  @Test
  void oneTargetGetsItsFiguresAndNoVerdicts() {
    Analysis a = analyze(Fixtures.LAB_TCG.resolve("host"));
    HeadlineTable t = HeadlineTable.of(a);
    assertNotNull(t, "one target's run directory with the suites");
    assertEquals("host", t.reference());
    assertTrue(t.rows().stream().allMatch(l -> l.figure() != null && l.ratios().isEmpty()), t.rows().toString());
    String text = HeadlineText.of(t);
    assertTrue(text.contains("No verdicts: nothing was compared"), text);
    assertTrue(text.lines().anyMatch(l -> l.matches("getpid +1,060 ns/op")), text);
    String html = HtmlReport.render(a, Map.of(), List.of());
    assertTrue(html.contains("No verdicts: nothing was compared"));
  }

  @Test
  void plainFilesWithoutHeadlineBenchmarksHaveNoHeadline() throws Exception {
    Analysis a = analyze(Fixtures.mode("thrpt"), Fixtures.mode("avgt-forks-params"));
    assertNull(HeadlineTable.of(a));
    assertEquals("", HeadlineText.of(a));
    assertFalse(HtmlReport.render(a, Map.of(), List.of()).contains("class=\"headline\""));
    assertTrue(Json.mapper().readTree(Json.toString(Summary.of(a))).get("headline").isNull());
  }

  @Test
  void emulatedAgainstVirtioIsTheAnalysisCrossRowInTheSameFamily() throws Exception {
    // virtio carries host's results: emulated/virtio must then equal what the analysis says of emulated/host
    Analysis a = analyze(LabWithGuests.create(tmp.resolve("lab")));
    HeadlineTable t = HeadlineTable.of(a);
    assertEquals(List.of("host", "emulated", "virtio"),
        t.targets().stream().map(HeadlineTable.Target::label).toList());
    for (int i = 0; i < 2; i++) {
      HeadlineTable.Cell ev = t.rows().get(i).emulatedVsVirtio();
      Row analysis = row(a, "emulated", Headline.METRICS.get(i));
      assertEquals(analysis.ratio(), ev.ratio(), 1e-12);
      assertEquals(analysis.ratioCiLow(), ev.ratioCiLow());
      assertEquals(analysis.ratioCiHigh(), ev.ratioCiHigh());
      assertEquals(analysis.verdict(), ev.verdict());
      assertEquals(analysis.ratioCiLevel(), ev.ratioCiLevel(), "one family, one level");
    }
    HeadlineTable.Cell disk = t.rows().get(2).emulatedVsVirtio();
    assertEquals(HeadlineTable.NOT_MEASURED, disk.missing(), "emulated never ran the disk suite");
    String html = HtmlReport.render(a, Map.of(), List.of());
    assertTrue(html.contains("emulated / virtio"), "the column is there");
  }

  @Test
  void perComparisonIntervalsAreNinetyFivePercentEachAndTheSentenceSaysSo() {
    Loaded in = Inputs.load(List.of(Fixtures.LAB));
    Analysis together = new Analyzer(Settings.DEFAULTS).analyze(in, null);
    Analysis each = new Analyzer(Settings.DEFAULTS.perComparison()).analyze(in, null);
    int tested = 0;
    for (int i = 0; i < each.rows().size(); i++) {
      Row e = each.rows().get(i);
      Row t = together.rows().get(i);
      if (e.ratioCiLevel() == null || !e.isMeasuredPrimary()) {
        continue; // secondary metrics are described at the per-estimate confidence either way
      }
      tested++;
      assertEquals(0.95, e.ratioCiLevel(), 1e-12, "each comparison at 1 - alpha");
      assertTrue(t.ratioCiLevel() > 0.95, "Bonferroni's level is higher");
      // the same point; the per-comparison interval lies inside the simultaneous one
      assertEquals(t.ratio(), e.ratio(), 1e-12);
      assertTrue(e.ratioCiLow() >= t.ratioCiLow() && e.ratioCiHigh() <= t.ratioCiHigh(), e + " vs " + t);
      assertEquals(e.pValue(), e.pAdjusted(), 1e-12, "no correction");
    }
    assertTrue(tested > 1, "the fixture has comparisons with intervals");
    HeadlineTable h = HeadlineTable.of(each);
    assertFalse(h.simultaneous());
    String sentence = HeadlineText.levelSentence(h);
    assertTrue(sentence.startsWith("Each verdict is read from the 95 % interval beside it, an interval for that "
        + "comparison alone: of the " + h.comparisons() + " comparisons"), sentence);
    assertTrue(sentence.contains("--simultaneous"), sentence);
    assertTrue(HeadlineTable.of(together).simultaneous());
  }

  @Test
  void theReportOpensWithTheHeadlineAndSaysWhichIntervalsTheVerdictsRestOn() {
    Analysis a = analyze(Fixtures.LAB_TCG);
    String html = HtmlReport.render(a, Map.of(), List.of());
    int headline = html.indexOf("<table class=\"headline\">");
    assertTrue(headline > 0, "a headline table");
    assertTrue(html.indexOf("<table") == headline, "the headline is the page's first table");
    // a one-fork smoke lab: no interval anywhere, and the sentence says why
    String sentence = "No intervals: no comparison has 3 or more rounds or forks a side, so run-to-run variation "
        + "is unknown; a change is called only beyond 25x (the fork-to-fork bound), the rest is inconclusive.";
    assertTrue(html.contains(sentence), "the level sentence");
    assertTrue(html.contains("<div class=\"accel tcg\">qemu-tcg (qemu)</div>"), "the accelerator, marked");
    assertTrue(html.contains("<td class=\"v-missing\">not run</td>"), "gaps are cells, not dropped rows");
  }

  @Test
  void summaryJsonCarriesTheSameHeadline() throws Exception {
    Analysis a = analyze(Fixtures.LAB_TCG);
    JsonNode s = Json.mapper().readTree(Json.toString(Summary.of(a)));
    assertEquals(3, s.get("format_version").asInt());
    JsonNode h = s.get("headline");
    assertEquals("host", h.get("baseline").asText());
    assertTrue(h.get("ratio_ci_level").isNull(), "one fork a target: no interval, so no level");
    assertEquals(25.0, h.get("fork_bound").asDouble());
    assertEquals(Headline.METRICS.size(), h.get("rows").size());
    JsonNode getpid = h.get("rows").get(0);
    assertEquals("io.virtpath.bench.syscall.SyscallBench.getpid", getpid.get("benchmark").asText());
    assertEquals("emulated", getpid.get("ratios").get(0).get("target").asText());
    assertEquals(Json.mapper().readTree(Json.toString(HeadlineTable.of(a))), h);
  }

  @Test
  void theConsoleTableFitsInAHundredColumnsWithoutColourCodes() throws Exception {
    Analysis a = analyze(LabWithGuests.create(tmp.resolve("lab")));
    String text = HeadlineText.of(a);
    System.out.println(text);
    for (String line : text.lines().toList()) {
      assertTrue(line.length() <= HeadlineText.WIDTH, line.length() + " columns: " + line);
      assertFalse(line.contains("\u001b"), "no escape codes: " + line);
    }
    assertTrue(text.startsWith("path "), text);
    assertTrue(text.contains("UDP round trip 64 B p50 *"), text);
    assertTrue(text.contains("emulated/virtio"), text);
    assertTrue(text.contains("No intervals: no comparison has 3 or more rounds or forks a side"), text);
    assertTrue(text.contains("virtio             1.00 [no interval]     inconclusive"), text);
    assertTrue(text.contains("accelerators: host kvm (firecracker), emulated qemu-tcg (qemu), virtio qemu-tcg (qemu)"),
        text);
    assertTrue(text.lines().anyMatch(l -> l.matches("getpid +1,060 ns/op +emulated +33\\.2 \\[no interval\\] +\\S.*")),
        "getpid: the host's figure, emulated's ratio and verdict on one line\n" + text);
  }
}
