package io.virtpath.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.read.Histogram;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Every chart type renders to a decodable, non-blank PNG and to well-formed SVG (no pixel comparison). */
class ChartRenderTest {
  @TempDir Path tmp;

  static void assertValid(Rendered r) throws Exception {
    assertValid(r, 400);
  }

  /** @param minHeight the least height (a forest plot of a few rows is shorter than the other charts) */
  static void assertValid(Rendered r, int minHeight) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.png()));
    assertTrue(img != null && img.getWidth() >= 800 && img.getHeight() >= minHeight, r.name() + ": PNG decodes");
    int colored = 0;
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        int red = rgb >> 16;
        int green = (rgb >> 8) & 0xFF;
        int blue = rgb & 0xFF;
        if (Math.max(red, Math.max(green, blue)) - Math.min(red, Math.min(green, blue)) > 60) {
          colored++; // a palette colour, not white, grey or black: the data was drawn
        }
      }
    }
    assertTrue(colored > 50, r.name() + ": the series are drawn (" + colored + " coloured samples)");
    var f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document svg = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.svg()));
    assertEquals("svg", svg.getDocumentElement().getLocalName(), r.name() + ": SVG root");
    assertEquals("font-size:12px", svg.getDocumentElement().getAttribute("style"),
        r.name() + ": the size texts without their own inherit (a browser's default is 16 px)");
    int shapes = 0;
    for (String tag : List.of("path", "rect", "line", "ellipse")) {
      shapes += svg.getElementsByTagNameNS("*", tag).getLength();
    }
    assertTrue(shapes > 10, r.name() + ": SVG has shapes");
  }

  @Test
  void hostCpuStacksTheThreadGroups() throws Exception {
    double[][] micros = {{30, 7}, {6, 1.5}, {0, 0.5}, {2, 0}, {0, 0}, {0.1, 0}};
    Rendered r = HostCpuChart.render("host-cpu", "Host CPU per operation by QEMU thread: 4 KiB random read QD1",
        List.of("emulated", "virtio"), List.of("vCPU", "main loop", "iothreads", "workers", "vhost", "other"), micros);
    assertValid(r);
    assertEquals(List.of("vCPU", "main loop", "iothreads", "workers", "vhost", "other"), r.legend());
  }

  @Test
  void overheadNearOneAndFar() throws Exception {
    OverheadChart.Bar[][] near = {
      {new OverheadChart.Bar(1.2, 1.1, 1.35), new OverheadChart.Bar(0.9, 0.8, 1.05), OverheadChart.Bar.NONE},
      {new OverheadChart.Bar(1.6, 1.2, 2.1), new OverheadChart.Bar(2.0, Double.NaN, Double.NaN),
          new OverheadChart.Bar(1.1, 1.0, 1.2)}
    };
    Rendered near1 = OverheadChart.render("o1", "Overhead", "host", List.of("a", "b", "c"), List.of("vm", "ct"), near);
    assertValid(near1);
    assertTrue(near1.title().endsWith("(log scale)"), "cost ratios: always log, 2x faster as long as 2x slower");
    OverheadChart.Bar[][] far = {{new OverheadChart.Bar(1.1, 1.0, 1.2), new OverheadChart.Bar(80, 60, 110)}};
    Rendered log = OverheadChart.render("o2", "Overhead", "host", List.of("syscall", "disk"), List.of("tcg"), far);
    assertValid(log);
    assertTrue(log.title().endsWith("(log scale)"));
    log.writeTo(tmp);
    assertTrue(Files.size(tmp.resolve("o2.png")) > 1000 && Files.size(tmp.resolve("o2.svg")) > 1000);
  }

  @Test
  void scoresWithoutABaseline() throws Exception {
    OverheadChart.Bar[][] one = {{new OverheadChart.Bar(2.5, 2.4, 2.6), new OverheadChart.Bar(1900, 1700, 2100),
        new OverheadChart.Bar(130, Double.NaN, Double.NaN)}};
    Rendered r = OverheadChart.scores("s", "Scores", "ns/op", List.of("baseline", "openClose", "getpid"),
        List.of("host"), one);
    assertValid(r);
    assertTrue(r.title().endsWith("(log scale)"), "2.5 to 1900 ns spans orders of magnitude");
  }

  @Test
  void latencyPercentiles() throws Exception {
    double[] values = new double[200];
    long[] counts = new long[200];
    for (int i = 0; i < 200; i++) {
      values[i] = 1000 + i * i;
      counts[i] = 400 - 2L * i;
    }
    Map<String, Histogram> h = new LinkedHashMap<>();
    h.put("host", new Histogram(values, counts));
    h.put("vm", new Histogram(values, counts).scaled(1.7));
    assertValid(LatencyChart.render("l", "Latency", "ns", h));
    assertEquals("99.9%", LatencyChart.percentileLabel(3));
    assertEquals("90%", LatencyChart.percentileLabel(1));
  }

  @Test
  void trendWithChangePoint() throws Exception {
    double[] v = {10, 10.2, 9.9, 10.1, 14, 14.2, 13.8, 14.1};
    double[] half = {0.3, 0.2, Double.NaN, 0.3, 0.4, 0.3, 0.2, 0.3};
    assertValid(TrendChart.render("t", "Trend", "ns/op", v, half,
        List.of(new TrendChart.Level(1, 4, 10.05), new TrendChart.Level(5, 8, 14.03)), List.of(5), List.of(), List.of()));
  }

  @Test
  void trendWithAGapAndAnIncompleteRun() throws Exception {
    double[] v = {10, 10.2, Double.NaN, 10.1, 10.3};
    double[] half = {0.3, 0.2, Double.NaN, 0.3, 0.4};
    Rendered r = TrendChart.render("t", "Trend", "ns/op", v, half, List.of(new TrendChart.Level(1, 5, 10.15)),
        List.of(), List.of(3, 4), List.of(3));
    assertValid(r);
    assertEquals("Trend  [missing in run 3]", r.title());
    assertEquals(List.of("run estimate (with CI when available)", "incomplete run (partial, failed or killed)",
        "segment level"), r.legend(), "run 4 is marked (run 3 has no value to mark: it is the gap)");
  }

  @Test
  void trendOfA70xChangeIsLogScaleAndMarksTheChange() throws Exception {
    double[] v = {55, 56, 54, 57, 55, 56, 3900, 3850, 3950};
    double[] half = {2, 2, 2, 2, 2, 2, 4000, 90, 90}; // run 7's interval reaches below 0: cut short on a log axis
    Rendered r = TrendChart.render("t", "Trend", "ns/op", v, half,
        List.of(new TrendChart.Level(1, 6, 55.5), new TrendChart.Level(7, 9, 3900)), List.of(7), List.of(), List.of());
    assertValid(r);
    assertEquals("Trend (log scale)", r.title(), "55 to 3950 ns spans more than 20x");
    assertTrue(r.legend().contains("change point (first run of the new level)"), r.legend().toString());
    assertTrue(TrendChart.logAxis(new double[] {1, Double.NaN, 21}));
    assertFalse(TrendChart.logAxis(new double[] {1, 19.9}), "within 20x: linear");
    assertFalse(TrendChart.logAxis(new double[] {0, 50}), "0 has no place on a log axis");
  }

  @Test
  void aTrendTitleTooLongForTheImageIsShortenedNotCut() throws Exception {
    String name = "VeryLongBenchmarkClassName.method [avgt] payload=65536 transport=vhost-user-blk queueDepth=128 "
        + "mode=interleaved".repeat(4) + " @ container-runc";
    double[] v = {10, 10.2, 9.9, 10.1};
    Rendered r = TrendChart.render("t", name, "ns/op", v, new double[4], List.of(), List.of(), List.of(), List.of(2));
    assertValid(r);
    assertEquals(name + "  [missing in run 2]", r.title(), "the alt text keeps the whole title");
    String shown = TrendChart.fit(name, "  [missing in run 2]", Charts.TITLE, 1520);
    assertTrue(shown.contains("…") && shown.endsWith("[missing in run 2]"), shown);
    assertTrue(TrendChart.fits(shown, Charts.TITLE, 1520), shown);
    assertEquals("short  [x]", TrendChart.fit("short", "  [x]", Charts.TITLE, 900));
  }
}
