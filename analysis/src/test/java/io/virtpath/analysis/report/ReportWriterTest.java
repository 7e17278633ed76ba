package io.virtpath.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Settings;
import io.virtpath.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  @TempDir Path tmp;

  private ReportWriter.Written report(Path out, Path... inputs) throws Exception {
    Analysis a = new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(inputs)), null);
    return ReportWriter.write(a, out);
  }

  @Test
  void labReportHasEverything() throws Exception {
    Path lab = Fixtures.copyTree(Fixtures.LAB, tmp.resolve("lab"));
    Fixtures.edit(lab.resolve("c1/environment.json"), "\"kind\" : \"kvm\"", "\"kind\" : \"qemu-tcg\"");
    byte[] good = Files.readAllBytes(Fixtures.mode("ss"));
    Path cut = Files.write(tmp.resolve("cut.json"), Arrays.copyOf(good, good.length - 40));
    Path out = tmp.resolve("out");
    ReportWriter.Written w = report(out, lab, cut);
    String html = Files.readString(w.html());
    assertTrue(html.contains("TCG numbers are not KVM numbers."), "TCG banner");
    assertTrue(html.contains("Skipped inputs (1)") && html.contains(cut.toString()) && html.contains("line "),
        "the skipped file is named with its position");
    assertTrue(html.contains("Overhead against host"));
    assertTrue(html.contains("x slower") || html.contains("x faster"));
    assertTrue(html.contains("<h2>Fingerprints</h2>") && html.contains("class=\"differs\">qemu-tcg"),
        "the differing fingerprint cell is marked");
    assertTrue(html.contains("data-images-loaded=\"pending\""), "the load marker the browser test reads");
    assertFalse(html.contains("src=\"http"), "self-contained: nothing is fetched");
    // every embedded image is a PNG that decodes, and each chart is also on disk as PNG and SVG
    Matcher m = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"").matcher(html);
    int images = 0;
    while (m.find()) {
      byte[] png = Base64.getDecoder().decode(m.group(1));
      assertTrue(ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth() > 0);
      images++;
    }
    assertEquals(3, images, "one overhead chart and two latency charts (lookup size=16, size=256)");
    assertEquals(2 * images, w.charts().size());
    for (Path c : w.charts()) {
      assertTrue(Files.size(c) > 1000, c.toString());
    }
    var summary = io.virtpath.core.Json.mapper().readTree(w.json().toFile());
    assertEquals("host", summary.get("baseline").asText());
    assertEquals(1, summary.get("skipped").size());
    assertEquals("qemu-tcg", summary.get("targets").get(1).get("virtualization").asText());
    assertTrue(Files.readString(w.csv()).startsWith("benchmark,mode,params,"));
  }

  @Test
  void singleTargetReportSaysThereIsNoBaseline() throws Exception {
    ReportWriter.Written w = report(tmp.resolve("one"), Fixtures.mode("multimode"));
    String html = Files.readString(w.html());
    assertTrue(html.contains("One target only (&#39;multimode&#39;): per-benchmark statistics without ratios."));
    assertTrue(html.contains("<h2>Results</h2>"));
    assertFalse(html.contains("Overhead against"));
    assertTrue(html.contains("Latency distributions"), "the sample-mode result still gets its distribution");
    assertFalse(html.contains("TCG numbers"));
  }

  @Test
  void htmlEscapesInputText() throws Exception {
    Path f = Files.copy(Fixtures.mode("thrpt"), tmp.resolve("x.json"));
    Fixtures.edit(f, "\"size\" : \"16\"", "\"size\" : \"<script>alert(1)</script>\"");
    String html = Files.readString(report(tmp.resolve("esc"), f).html());
    assertFalse(html.contains("<script>alert"));
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  }

  @Test
  void outputMustBeADirectory() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    UsageException e = assertThrows(UsageException.class, () -> ReportWriter.prepare(file));
    assertTrue(e.getMessage().contains("is a file"), e.getMessage());
  }
}
