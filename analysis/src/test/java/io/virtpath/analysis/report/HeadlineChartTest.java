package io.virtpath.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Settings;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html opens with the headline also drawn: the forest plot right under the headline table,
 * before every other chart, written beside the others and named by {@link ReportWriter.Written}
 * (which the console prints). The lab page's screenshot stays in target/report-screenshots.
 */
class HeadlineChartTest {
  @TempDir Path tmp;

  private static Analysis analyze(Settings s, Path input) {
    return new Analyzer(s).analyze(Inputs.load(List.of(input)), null);
  }

  @Test
  void theReportOpensWithTheHeadlineDrawnRightUnderItsTable() throws Exception {
    Path out = tmp.resolve("report");
    ReportWriter.Written w = ReportWriter.write(analyze(Settings.DEFAULTS.perComparison(), Fixtures.EXPLAIN_LAB), out);

    assertEquals(out.resolve("charts/headline-forest.png"), w.headlineChart());
    assertTrue(w.charts().contains(w.headlineChart()) && w.charts().contains(out.resolve("charts/headline-forest.svg")),
        "listed with the other charts, as PNG and SVG");
    BufferedImage file = ImageIO.read(w.headlineChart().toFile());
    assertEquals(800, file.getWidth());

    String html = Files.readString(w.html());
    int table = html.indexOf("<table class=\"headline\"");
    int figure = html.indexOf("<figure class=\"forest\" id=\"headline-chart\">");
    int firstFigure = html.indexOf("<figure");
    int overhead = html.indexOf("<h2>Overhead against");
    assertTrue(table > 0 && figure > table, "the figure follows the headline table");
    assertEquals(firstFigure, figure, "the first figure of the page");
    assertTrue(overhead > figure, "before the overhead section");
    assertTrue(html.substring(html.indexOf("</section>", table) + "</section>".length(), figure).isBlank(),
        "right after the headline section (a remote run's warnings about its targets would come between)");
    assertTrue(html.indexOf("id=\"why\"") > figure, "before the why lines");

    String fig = html.substring(figure, html.indexOf("</figure>", figure));
    Matcher alt = Pattern.compile("alt=\"([^\"]+)\"").matcher(fig);
    assertTrue(alt.find() && alt.group(1).contains("one row per path and target"), fig);
    assertTrue(fig.contains("equivalence band ±5 %"), "the caption says what the band is: " + fig);
    assertTrue(fig.contains("interval its verdict rests on"), fig);
    assertTrue(fig.contains("Colour: the target"), fig);
    assertTrue(fig.contains("emulated / virtio compares two guests"), "what the chart leaves to the table");
    assertTrue(fig.contains("href=\"charts/headline-forest.png\""), fig);
    Matcher png = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"").matcher(fig);
    assertTrue(png.find());
    BufferedImage embedded = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.group(1))));
    assertEquals(800, embedded.getWidth());
    assertEquals(file.getHeight(), embedded.getHeight(), "the same chart as the file");
  }

  @Test
  void theBandIsTheThresholdTheVerdictsUse() throws Exception {
    Path out = tmp.resolve("t10");
    ReportWriter.Written w = ReportWriter.write(
        analyze(Settings.DEFAULTS.perComparison().withThreshold(0.10), Fixtures.EXPLAIN_LAB), out);
    String html = Files.readString(w.html());
    assertTrue(html.contains("equivalence band ±10 %"), "--threshold 10% draws a ±10 % band");
  }

  @Test
  void withoutRatiosThereIsNoChart() throws Exception {
    // lab-demo: a run record, so a headline table, but none of its benchmarks is a headline one
    ReportWriter.Written w = ReportWriter.write(analyze(Settings.DEFAULTS, Fixtures.LAB), tmp.resolve("demo"));
    assertNull(w.headlineChart());
    assertFalse(Files.exists(tmp.resolve("demo/charts/headline-forest.png")));
    assertFalse(Files.readString(w.html()).contains("headline-chart"));
    ReportWriter.Written one = ReportWriter.write(analyze(Settings.DEFAULTS, Fixtures.mode("multimode")),
        tmp.resolve("one"));
    assertNull(one.headlineChart(), "one target: nothing compared");
  }

  /** The lab page a person opens, with two guests: screenshot kept for a person to look at. */
  @Test
  void aLabPageShowsTheForestUnderTheTable() throws Exception {
    Path lab = LabWithGuests.create(tmp.resolve("lab"));
    Path out = tmp.resolve("lab-report");
    ReportWriter.Written w = ReportWriter.write(analyze(Settings.DEFAULTS.perComparison(), lab), out);
    assertTrue(Files.exists(w.headlineChart()));
    Path shots = ReportPageTest.SHOTS;
    Files.createDirectories(shots);
    Files.copy(w.headlineChart(), shots.resolve("lab-headline-forest.png"), StandardCopyOption.REPLACE_EXISTING);
    Path png = shots.resolve("lab-report-top.png");
    Browser.find(shots.resolve("logs")).screenshot(w.html(), png, ReportPageTest.WIDTH, 1600);
    assertEquals(ReportPageTest.WIDTH, ImageIO.read(png.toFile()).getWidth());
  }
}
