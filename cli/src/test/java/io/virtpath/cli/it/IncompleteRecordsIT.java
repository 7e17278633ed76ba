package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.Json;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report, compare and trend on records that did not finish: a real run killed with SIGKILL (its
 * manifest still says running), and the analysis module's partial-lab fixture (a failed
 * benchmark, a failed target). Each output names them; nothing missing vanishes.
 */
class IncompleteRecordsIT {
  static final Path PARTIAL_LAB = AnalysisFixtures.JMH.resolve("incomplete/partial-lab");
  static final Path KILLED_RUN = AnalysisFixtures.JMH.resolve("incomplete/killed-run");

  @TempDir Path tmp;

  private static VirtpathProcess virtpath(String log, String... args) throws Exception {
    return VirtpathProcess.start(Path.of("target/it-logs/incomplete-" + log), args);
  }

  @Test
  void aRunKilledWithSigkillIsReportedAsKilled() throws Exception {
    Path results = tmp.resolve("results");
    Path manifest;
    try (VirtpathProcess p = virtpath("run", "run", "--profile", "smoke", "--suites", "syscall", "--label", "host",
        "--results", results.toString())) {
      manifest = Records.awaitFirstResult(p, results, Duration.ofMinutes(5));
      // SIGKILL: no hook runs, the record stays "running". JMH's forked VM goes too.
      List<ProcessHandle> children = p.process().descendants().toList();
      p.process().destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
      p.process().waitFor();
      for (ProcessHandle c : children) {
        c.onExit().get();
      }
    }
    assertEquals("running", Records.read(manifest).get("status").asText(), "a killed run is never sealed");
    Path run = manifest.getParent();
    String id = run.getFileName().toString();

    Path out = tmp.resolve("report");
    try (VirtpathProcess p = virtpath("report", "report", run.toString(), "--out", out.toString())) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(90)), () -> RunSmokeIT.safe(p::stderr));
      assertTrue(p.stdout().contains("INCOMPLETE run " + id + " (" + run + "): killed while running"), p.stdout());
    }
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("Incomplete input: run " + id + " — killed while running"), "banner");
    assertTrue(html.contains("<td>host <span class=\"badge killed\""), "the target is marked in its rows");
    JsonNode summary = Records.read(out.resolve("summary.json"));
    assertEquals("killed", summary.get("inputs").get(0).get("status").asText());
    assertEquals("killed", summary.get("targets").get(0).get("status").asText());
    for (JsonNode r : summary.get("results")) {
      assertEquals("killed", r.get("target_status").asText(), r.toString());
    }

    try (VirtpathProcess p = virtpath("compare-killed", "compare", run.toString(), run.toString())) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stderr));
      String text = p.stdout();
      assertTrue(text.contains("   A INCOMPLETE: run " + id + ": killed while running"), text);
      assertTrue(text.contains("   B INCOMPLETE: run " + id + ": killed while running"), text);
      assertTrue(text.contains("Incomplete input: A and B are not a complete record"), text);
    }
  }

  @Test
  void aPartialLabIsMarkedInTheReportAndThePageShowsIt() throws Exception {
    Path out = tmp.resolve("lab-report");
    try (VirtpathProcess p = virtpath("report-lab", "report", PARTIAL_LAB.toString(), "--out", out.toString())) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(90)), () -> RunSmokeIT.safe(p::stderr));
      String stdout = p.stdout();
      assertTrue(stdout.contains("INCOMPLETE lab 20261122-123000-part (" + PARTIAL_LAB + "): partial: 2 of 3"), stdout);
      assertTrue(stdout.contains("INCOMPLETE   target c1: io.virtpath.analysis.demo.DemoBench.lookup failed: "
          + "IllegalStateException: injected failure (fixture)"), stdout);
      assertTrue(stdout.contains("INCOMPLETE   target vm: failed: guest timed out"), stdout);
      assertTrue(stdout.contains("8 benchmark results are missing (failed or not run)"), stdout);
    }
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("Incomplete input: lab 20261122-123000-part — partial"));
    assertTrue(html.contains("<strong>missing</strong> (failed: IllegalStateException: injected failure (fixture))"));
    JsonNode summary = Records.read(out.resolve("summary.json"));
    assertEquals(3, summary.get("format_version").asInt());
    List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
    assertEquals(1 + summary.get("results").size(), csv.size());
    assertTrue(csv.stream().anyMatch(l -> l.contains(",vm,") && l.contains(",failed,not run,")), "vm's rows in the CSV");

    // What a person sees: the banner on the first screen, in its red, right under the headline
    // (whose column headings carry the PARTIAL badge).
    Path png = Path.of("target/it-logs/incomplete-report-lab/screenshot.png").toAbsolutePath();
    Files.deleteIfExists(png);
    Chromium.find(png.getParent()).screenshot(out.resolve("report.html"), png, 1400, 2000);
    BufferedImage shot = ImageIO.read(png.toFile());
    int red = 0;
    for (int y = 0; y < 1000; y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        red += (shot.getRGB(x, y) & 0xFFFFFF) == 0xB2182B ? 1 : 0;
      }
    }
    assertTrue(red > 2000, "the banner's red border and title are in the first 1000 px: " + red + " pixels; " + png);
  }

  @Test
  void compareAndTrendNameIncompleteInputsAndMissingBenchmarks() throws Exception {
    try (VirtpathProcess p = virtpath("compare", "compare", AnalysisFixtures.LAB.toString(), PARTIAL_LAB.toString())) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stderr));
      String text = p.stdout();
      assertTrue(text.contains("   B INCOMPLETE: target c1: partial: 1 of 3 benchmarks failed"), text);
      assertTrue(text.contains("B: missing (failed: IllegalStateException: injected failure (fixture))"), text);
      assertTrue(text.contains("note: target 'vm' is only in B (failed: guest timed out"), text);
      assertTrue(text.contains(", 2 missing\n"), text);
    }
    try (VirtpathProcess p = virtpath("compare-json", "compare", AnalysisFixtures.LAB.toString(),
        PARTIAL_LAB.toString(), "--format", "json")) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stderr));
      JsonNode o = Json.mapper().readTree(p.stdout());
      assertEquals(3, o.get("b_incomplete").size());
      assertEquals(2, o.get("counts").get("missing").asInt());
      int missing = 0;
      for (JsonNode r : o.get("results")) {
        if (r.get("verdict").asText().equals("missing")) {
          missing++;
          assertEquals("B", r.get("missing_in").asText());
          assertEquals("failed", r.get("missing").asText());
          assertTrue(r.get("b").isNull() && r.get("a").get("score").isNumber(), r.toString());
        }
      }
      assertEquals(2, missing);
    }
    Path out = tmp.resolve("trend");
    try (VirtpathProcess p = virtpath("trend", "trend", PARTIAL_LAB.toString(), KILLED_RUN.toString(),
        AnalysisFixtures.LAB.toString(), "--benchmark", "lookup", "--out", out.toString())) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(90)), () -> RunSmokeIT.safe(p::stderr));
      String text = p.stdout();
      assertTrue(text.contains("#2   20261122-120000-kill  2026-11-22T12:00:00Z  INCOMPLETE (killed)"), text);
      assertTrue(text.contains("#3   20261122-123000-part  2026-11-22T12:30:00Z  INCOMPLETE (partial)"), text);
      assertTrue(text.contains("@ c1 (ns/op, lower-is-better): 1 run (replicates: forks), missing in #3 (failed: "
          + "IllegalStateException"),
          text);
    }
    JsonNode t = Records.read(out.resolve("trend.json"));
    assertEquals("complete", t.get("runs").get(0).get("status").asText());
    assertEquals("killed", t.get("runs").get(1).get("status").asText());
    assertEquals("partial", t.get("runs").get(2).get("status").asText());
    try (Stream<Path> charts = Files.list(out.resolve("charts"))) {
      assertEquals(8, charts.count(), "lookup x2 sizes on host and c1, each PNG and SVG");
    }
  }
}
