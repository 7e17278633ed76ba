package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code virtpath report} names the headline drawn (charts/headline-forest.png) on the line before
 * report.html, which stays the last; on the explain-lab record (3 rounds of host, emulated, virtio).
 * Apart from ReportIT so that it runs without that class's smoke run.
 */
class ReportHeadlineChartIT {
  @TempDir Path tmp;

  @Test
  void theConsoleNamesTheHeadlineChart() throws Exception {
    Path out = tmp.resolve("report");
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/report-headline-chart"), "report",
        AnalysisFixtures.JMH.resolve("explain-lab").toString(), "--out", out.toString())) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stderr));
      List<String> lines = p.stdout().lines().filter(l -> !l.isBlank()).toList();
      Path chart = out.resolve("charts/headline-forest.png");
      assertEquals("headline chart: " + chart, lines.get(lines.size() - 2), p.stdout());
      assertEquals(out.resolve("report.html").toString(), p.lastLine(), "report.html stays the last line");
      assertEquals(800, ImageIO.read(chart.toFile()).getWidth());
      assertTrue(Files.readString(out.resolve("report.html")).contains("id=\"headline-chart\""));
    }
  }
}
