package io.virtpath.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Row;
import io.virtpath.analysis.result.Settings;
import io.virtpath.core.Json;
import io.virtpath.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report of a partial lab and a killed run marks both, everywhere, and lists what is missing. */
class IncompleteReportTest {
  @TempDir Path tmp;

  private static Analysis analyze(Path... inputs) {
    return new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(inputs)), null);
  }

  @Test
  void missingBenchmarksAreRowsWithWhy() {
    Analysis a = analyze(Fixtures.PARTIAL_LAB);
    assertEquals("host", a.baseline());
    List<Row> c1Lookup = a.rows().stream().filter(r -> r.target().equals("c1") && r.benchmark().equals(Fixtures.LOOKUP))
        .toList();
    assertEquals(2, c1Lookup.size(), "lookup size=16 and size=256, both missing on c1");
    for (Row r : c1Lookup) {
      assertEquals(Row.FAILED, r.missing());
      assertEquals("IllegalStateException: injected failure (fixture)", r.missingReason());
      assertEquals("partial", r.targetStatus());
      assertEquals(null, r.score());
      assertEquals(null, r.pValue(), "nothing to test: the Holm family is the measured rows only");
    }
    List<Row> vm = a.rows().stream().filter(r -> r.target().equals("vm")).toList();
    assertEquals(6, vm.size(), "every benchmark the others have is listed for vm");
    assertTrue(vm.stream().allMatch(r -> Row.NOT_RUN.equals(r.missing())
        && r.missingReason().equals("target failed: guest timed out after 10 minutes; 0 of 3 benchmarks done")), vm.toString());
    assertTrue(a.rows().stream().filter(r -> r.target().equals("host")).allMatch(r -> r.missing() == null
        && "complete".equals(r.targetStatus())));
  }

  @Test
  void targetsWithoutResultsCannotBeTheBaselineAndAloneAreNothingToAnalyse() throws Exception {
    UsageException baseline = assertThrows(UsageException.class,
        () -> new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(Fixtures.PARTIAL_LAB)), "vm"));
    assertEquals("--baseline vm: the target has no results (failed: guest timed out after 10 minutes; 0 of 3 "
        + "benchmarks done); choose one of: host, c1", baseline.getMessage());
    Path lab = Fixtures.copyTree(Fixtures.PARTIAL_LAB, tmp.resolve("lab"));
    Files.delete(lab.resolve("host/jmh.json"));
    Files.delete(lab.resolve("c1/jmh.json"));
    UsageException none = assertThrows(UsageException.class, () -> analyze(lab));
    assertTrue(none.getMessage().startsWith("nothing to analyse: every input was skipped or has no results:"));
    assertTrue(none.getMessage().contains("target 'vm' has no results (failed: guest timed out"), none.getMessage());
    assertTrue(none.getMessage().contains("target 'c1' has no results (failed: 1 of 3 benchmarks failed"),
        none.getMessage());
  }

  @Test
  void aBenchmarkThatFailedEverywhereStillHasARow() throws Exception {
    Path run = Fixtures.copyTree(Fixtures.KILLED_RUN, tmp.resolve("run"));
    Fixtures.edit(run.resolve("manifest.json"), "\"failedBenchmarks\" : {}",
        "\"failedBenchmarks\" : {\"x.Y.gone\" : \"IOException: disk full\"}");
    Analysis a = analyze(run);
    Row gone = a.rows().stream().filter(r -> r.benchmark().equals("x.Y.gone")).findFirst().orElseThrow();
    assertEquals(Row.FAILED, gone.missing());
    assertEquals("IOException: disk full", gone.missingReason());
    assertEquals(null, gone.mode(), "no result says which mode it had");
  }

  @Test
  void reportMarksIncompleteInputsEverywhere() throws Exception {
    Analysis a = analyze(Fixtures.PARTIAL_LAB, Fixtures.KILLED_RUN);
    Path out = tmp.resolve("report");
    ReportWriter.Written w = ReportWriter.write(a, out);
    String html = Files.readString(w.html());
    // one banner per incomplete input, before the tables
    assertEquals(2, count(html, "<div class=\"banner incomplete\" role=\"alert\">"));
    assertTrue(html.contains("Incomplete input: lab 20261122-123000-part — partial"), "lab banner");
    assertTrue(html.contains("Incomplete input: run 20261122-120000-kill — killed while running"), "killed banner");
    // the headline opens the page (its column heads carry the badges); the banners come right after it
    int headlineEnd = html.indexOf("</section>", html.indexOf("<section class=\"headline\""));
    assertTrue(html.indexOf("<table") < headlineEnd && html.indexOf("banner incomplete") > headlineEnd
        && html.indexOf("banner incomplete") < html.indexOf("<table", headlineEnd), "the banners come first after the headline");
    assertTrue(html.substring(0, headlineEnd).contains("c1 <span class=\"badge partial\""), "the headline marks c1");
    // every table row of an incomplete target carries its badge
    Matcher rows = Pattern.compile("<tr[^>]*>(?:(?!</tr>).)*?<td>(c1|vm|20261122-120000-kill/host)( <span class=\"badge "
        + "(\\w+)\"[^>]*>\\w+</span>)?</td>", Pattern.DOTALL).matcher(html);
    int marked = 0;
    while (rows.find()) {
      assertTrue(rows.group(2) != null, "unmarked row of " + rows.group(1) + ": " + rows.group());
      marked++;
    }
    assertTrue(marked > 20, "rows found: " + marked);
    assertTrue(html.contains("<strong>missing</strong> (failed: IllegalStateException: injected failure (fixture))"));
    assertTrue(html.contains("<strong>missing</strong> (not run: target failed: guest timed out after 10 minutes"));
    assertTrue(html.contains("<strong>missing</strong> (not run: target killed while running"));
    // charts: every legend names incomplete targets with their tag
    var charts = ReportCharts.build(a, new java.util.ArrayList<>()).get("DemoBench");
    assertEquals(List.of("c1 [partial]", "vm [failed]", "20261122-120000-kill/host [killed]"),
        charts.overhead().get(0).legend(), "the overhead chart's legend");
    List<String> lookup16 = charts.latency().get(0).legend();
    assertEquals(1, lookup16.size(), "only the lab's host has a lookup result, so one curve: " + lookup16);
    assertTrue(lookup16.get(0).startsWith("20261122-123000-part/host ("), lookup16.toString());

    JsonNode s = Json.mapper().readTree(w.json().toFile());
    assertEquals(3, s.get("format_version").asInt());
    assertEquals("partial", s.get("inputs").get(0).get("status").asText());
    assertEquals("killed", s.get("inputs").get(1).get("status").asText());
    JsonNode c1 = s.get("targets").get(1);
    assertEquals("partial", c1.get("status").asText());
    assertEquals(2, c1.get("benchmarks_done").asInt());
    assertEquals("IllegalStateException: injected failure (fixture)", c1.get("failed_benchmarks").get(Fixtures.LOOKUP).asText());
    assertEquals("failed", s.get("targets").get(2).get("status").asText());
    long missing = 0;
    for (JsonNode r : s.get("results")) {
      missing += r.get("missing").isNull() ? 0 : 1;
    }
    assertEquals(2 + 6 + 2, missing, "c1: 2 failed; vm: 6 not run; killed host: 2 not run");
    List<String> csv = Files.readAllLines(w.csv());
    assertTrue(csv.get(0).endsWith(",notes,target_status,missing,missing_reason"), csv.get(0));
    assertTrue(csv.stream().anyMatch(l -> l.contains(",c1,") && l.endsWith(",partial,failed,IllegalStateException: "
        + "injected failure (fixture)")), "the CSV carries the status and the failure");
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
