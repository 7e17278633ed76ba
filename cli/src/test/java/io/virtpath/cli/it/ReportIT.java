package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code virtpath report} on what users have: a fresh `run` record of this machine, a lab-shaped
 * record, plain JMH files, and broken inputs; and the page as a browser shows it.
 */
class ReportIT {
  @TempDir static Path tmp;
  private static Path runDir;

  /** One real run record (smoke profile, syscall suite: about 15 s) for the tests that need one. */
  @BeforeAll
  static void smokeRun() throws Exception {
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/report-smoke-run"), "run", "--profile",
        "smoke", "--suites", "syscall", "--label", "host", "--results", tmp.resolve("results").toString())) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(5)), () -> RunSmokeIT.safe(p::stderr));
      runDir = Path.of(p.lastLine());
    }
  }

  private static VirtpathProcess report(String log, String... args) throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = "report";
    System.arraycopy(args, 0, all, 1, args.length);
    return VirtpathProcess.start(Path.of("target/it-logs/" + log), all);
  }

  @Test
  void reportOfARunRecordWithoutABaseline() throws Exception {
    Path out = tmp.resolve("run-report");
    try (VirtpathProcess p = report("report-run", runDir.toString(), "--out", out.toString())) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stderr));
      assertEquals(out.resolve("report.html").toString(), p.lastLine(), "the last line is the report");
      assertTrue(p.stdout().contains("One target only ('host')"), p.stdout());
    }
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("per-benchmark statistics without ratios"));
    assertTrue(html.contains("SyscallBench") && html.contains("getpid"));
    JsonNode summary = Records.read(out.resolve("summary.json"));
    assertEquals(3, summary.get("format_version").asInt());
    assertTrue(summary.get("baseline").isNull());
    assertEquals("complete", summary.get("inputs").get(0).get("status").asText(), "a sealed run is not marked");
    assertFalse(html.contains("Incomplete input"));
    JsonNode jmh = Records.read(runDir.resolve("host/jmh.json"));
    long primaries = 0;
    for (JsonNode r : summary.get("results")) {
      if (r.get("metric").asText().equals("primary")) {
        primaries++;
        assertTrue(r.get("ratio_to_baseline").isNull());
        assertTrue(r.get("score").asDouble() > 0, r.toString());
        assertEquals("complete", r.get("target_status").asText());
        assertTrue(r.get("missing").isNull());
      }
    }
    assertEquals(jmh.size(), primaries, "one primary row per JMH result");
    assertTrue(Files.exists(out.resolve("summary.csv")));
  }

  @Test
  void labRecordUnderTcgWithASkippedFile() throws Exception {
    Path lab = AnalysisFixtures.copyTree(AnalysisFixtures.LAB, tmp.resolve("lab"));
    AnalysisFixtures.edit(lab.resolve("c1/environment.json"), "\"kind\" : \"kvm\"", "\"kind\" : \"qemu-tcg\"");
    byte[] good = Files.readAllBytes(AnalysisFixtures.trend(3));
    Path cut = Files.write(tmp.resolve("cut.json"), Arrays.copyOf(good, good.length / 3));
    Path out = tmp.resolve("lab-report");
    try (VirtpathProcess p = report("report-lab", lab.toString(), cut.toString(), "--out", out.toString())) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stderr));
      String stdout = p.stdout();
      assertTrue(stdout.contains("skipped " + cut + ": line "), stdout);
      assertTrue(stdout.contains("TCG: c1 ran under QEMU's TCG"), stdout);
      assertTrue(stdout.contains("Baseline: 'host'"), stdout);
    }
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("TCG numbers are not KVM numbers."));
    assertTrue(html.contains("Skipped inputs (1)"));
    JsonNode summary = Records.read(out.resolve("summary.json"));
    assertEquals("host", summary.get("baseline").asText());
    boolean ratios = false;
    for (JsonNode r : summary.get("results")) {
      ratios |= r.get("target").asText().equals("c1") && r.get("ratio_to_baseline").isNumber();
    }
    assertTrue(ratios, "c1 has ratios to host");
    try (var charts = Files.list(out.resolve("charts"))) {
      assertEquals(6, charts.count(), "overhead + two latency charts, each PNG and SVG");
    }
  }

  @Test
  void theReportOpensInABrowserWithEveryImageLoaded() throws Exception {
    Path lab = AnalysisFixtures.copyTree(AnalysisFixtures.LAB, tmp.resolve("lab-browser"));
    AnalysisFixtures.edit(lab.resolve("c1/environment.json"), "\"kind\" : \"kvm\"", "\"kind\" : \"qemu-tcg\"");
    Path logs = Path.of("target/it-logs/report-chromium");
    for (Path[] input : new Path[][] {{lab, tmp.resolve("browser-lab")}, {runDir, tmp.resolve("browser-run")}}) {
      try (VirtpathProcess p = report("report-browser-" + input[1].getFileName(), input[0].toString(), "--out",
          input[1].toString())) {
        assertEquals(0, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stderr));
      }
      Path html = input[1].resolve("report.html");
      long images = Pattern.compile("<img ").matcher(Files.readString(html)).results().count();
      assertTrue(images > 0, "the report has charts");
      Chromium chromium = Chromium.find(logs);
      String dom = chromium.dumpDom(html);
      Matcher loaded = Pattern.compile("data-images-loaded=\"(\\w+)\"").matcher(dom);
      assertTrue(loaded.find(), "the page's load script ran; DOM head: " + dom.substring(0, Math.min(400, dom.length())));
      assertTrue(dom.contains("data-images=\"" + images + "/" + images + "\""),
          "every image decoded in the browser: " + loaded.group(0));
      assertEquals("true", loaded.group(1));

      Path png = logs.resolve("screenshot-" + input[1].getFileName() + ".png");
      Files.deleteIfExists(png);
      chromium.screenshot(html, png, 1400, 2600);
      BufferedImage shot = ImageIO.read(png.toFile());
      assertEquals(1400, shot.getWidth());
      assertEquals(2600, shot.getHeight());
      assertFalse(blank(shot), "the screenshot shows something: " + png);
    }
  }

  @Test
  void nothingReadableIsAUsageError() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.json"), "{ \"not\": \"jmh\" }");
    Path out = tmp.resolve("never");
    try (VirtpathProcess p = report("report-bad", bad.toString(), "--out", out.toString())) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)));
      String err = p.stderr();
      assertTrue(err.startsWith("virtpath: nothing to analyse") && err.contains(bad.toString()), err);
      assertFalse(err.contains("\tat "), err);
    }
    try (VirtpathProcess p = report("report-missing", tmp.resolve("nope").toString(), "--out", out.toString())) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)));
      assertTrue(p.stderr().contains("no such file or directory"), p.stderr());
    }
    try (VirtpathProcess p = report("report-baseline", AnalysisFixtures.LAB.toString(), "--baseline", "vm", "--out",
        out.toString())) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)));
      assertTrue(p.stderr().contains("--baseline vm: no such target in the inputs; targets: host, c1"), p.stderr());
    }
    assertFalse(Files.exists(out), "bad input: nothing written");
  }

  private static boolean blank(BufferedImage img) {
    int first = img.getRGB(0, 0);
    for (int y = 0; y < img.getHeight(); y += 7) {
      for (int x = 0; x < img.getWidth(); x += 7) {
        if (img.getRGB(x, y) != first) {
          return false;
        }
      }
    }
    return true;
  }
}
