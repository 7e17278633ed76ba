package io.virtpath.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.read.Histogram;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a reader needs from the charts, checked on the drawn pixels where it can be: cost bars
 * start at the 1.0 line, labels fit their slot, the percentile axis shows 50 to 99.99 %. The PNGs
 * stay in target/report-screenshots for a person to look at.
 */
class ChartReadabilityTest {
  static final Path SHOTS = Path.of("target/report-screenshots");

  private static BufferedImage draw(CostChart c) {
    BufferedImage img = new BufferedImage(c.getWidth(), c.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    c.paint(g, c.getWidth(), c.getHeight());
    g.dispose();
    return img;
  }

  private static boolean is(int rgb, Color c) {
    return (rgb & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF);
  }

  /** Rows of a column that have the colour: first and last. */
  private static int[] run(BufferedImage img, int x, Color c) {
    int first = -1;
    int last = -1;
    for (int y = 0; y < img.getHeight(); y++) {
      if (is(img.getRGB(x, y), c)) {
        first = first < 0 ? y : first;
        last = y;
      }
    }
    return new int[] {first, last};
  }

  /** The 1.0 line: the dark row just inside the plot's left edge that is not the frame. */
  private static int oneLine(BufferedImage img) {
    int x = 84 + 4;
    List<Integer> dark = new ArrayList<>();
    for (int y = 40; y < img.getHeight() - 120; y++) {
      int rgb = img.getRGB(x, y) & 0xFFFFFF;
      if (((rgb >> 16) & 0xFF) < 0x40 && ((rgb >> 8) & 0xFF) < 0x40 && (rgb & 0xFF) < 0x40) {
        dark.add(y);
      }
    }
    assertFalse(dark.isEmpty(), "a dark 1.0 line");
    return dark.get(dark.size() / 2);
  }

  @Test
  void costBarsGrowFromTheOneLineUpForSlowerAndDownForFaster() throws Exception {
    OverheadChart.Bar[][] bars = {{new OverheadChart.Bar(0.5, 0.45, 0.55, true), new OverheadChart.Bar(2, 1.8, 2.2, true),
        new OverheadChart.Bar(1.02, 0.9, 1.1)}};
    CostChart c = new CostChart("t", "cost", List.of("faster", "slower", "same"), List.of("vm"), bars);
    BufferedImage img = draw(c);
    int one = oneLine(img);
    double slot = (c.getWidth() - 24 - 84) / 3.0;
    Color blue = Palette.color(0);
    int[] faster = run(img, (int) (84 + slot * 0.5) - 8, blue);
    int[] slower = run(img, (int) (84 + slot * 1.5) - 8, blue);
    assertTrue(Math.abs(faster[0] - one) <= 3, "the 0.5x bar starts at the 1.0 line (" + one + "): " + faster[0]);
    assertTrue(faster[1] > one + 50, "and grows down: " + faster[1]);
    assertTrue(Math.abs(slower[1] - one) <= 3, "the 2x bar ends at the 1.0 line (" + one + "): " + slower[1]);
    assertTrue(slower[0] < one - 50, "and grows up: " + slower[0]);
    // log axis: 2x slower and 2x faster are bars of the same length
    assertEquals(faster[1] - faster[0], slower[1] - slower[0], 3.0);
    Files.createDirectories(SHOTS);
    javax.imageio.ImageIO.write(img, "png", SHOTS.resolve("chart-cost-bars.png").toFile());
  }

  @Test
  void categoryLabelsWrapWithinTheirSlot() {
    List<String> cats = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      cats.add("randRead4kQd16 thrpt size=" + (1 << (i + 4)) + " direct=true");
    }
    List<String> targets = List.of("container", "emulated", "virtio");
    int width = CostChart.width(cats, targets);
    double slot = (width - 24 - 84) / (double) cats.size();
    CostChart.Labels l = CostChart.labels(cats, slot);
    FontMetrics fm = Painter.metrics(Charts.TICKS);
    assertFalse(l.vertical(), "the chart is wide enough for every word");
    for (List<String> lines : l.lines()) {
      for (String line : lines) {
        assertTrue(fm.stringWidth(line) <= slot - 4, "'" + line + "' fits a " + slot + " px slot");
      }
    }
    // a slot too narrow for a word: vertical labels, one per slot, which cannot collide
    CostChart.Labels narrow = CostChart.labels(List.of("aVeryLongBenchmarkMethodName thrpt"), 40);
    assertTrue(narrow.vertical());
  }

  @Test
  void thePercentileAxisIsLabelledAtFiftyToFourNines() {
    assertEquals(List.of(0.5, 0.9, 0.99, 0.999, 0.9999), LatencyChart.ticks(4));
    assertEquals(List.of(0.5, 0.9, 0.99), LatencyChart.ticks(2));
    assertEquals(List.of("50%", "90%", "99%", "99.9%", "99.99%"),
        LatencyChart.ticks(4).stream().map(p -> LatencyChart.percentileLabel(LatencyChart.nines(p))).toList());
  }

  @Test
  void logTicksAreReadableAroundOne() {
    Painter.LogAxis near = new Painter.LogAxis(0.8, 1.25, 50, 550);
    List<Double> t = near.ticks();
    assertTrue(t.contains(1.0) && t.size() >= 3, "ticks near 1: " + t);
    Painter.LogAxis wide = new Painter.LogAxis(0.5, 400, 50, 550);
    List<Double> w = wide.ticks();
    assertTrue(w.contains(1.0) && w.contains(10.0) && w.contains(100.0), "decades and more: " + w);
    for (int i = 1; i < w.size(); i++) {
      assertTrue(wide.y(w.get(i - 1)) - wide.y(w.get(i)) >= Painter.MIN_TICK_GAP, "labels apart: " + w);
    }
  }

  @Test
  void everyChartTypeRendersInABrowser() throws Exception {
    Files.createDirectories(SHOTS);
    StringBuilder page = new StringBuilder("<!DOCTYPE html><html><body style=\"margin:0;background:#fff\">");
    for (Rendered r : samples().values()) {
      ChartRenderTest.assertValid(r);
      r.writeTo(SHOTS.resolve("charts"));
      page.append("<img style=\"display:block\" src=\"").append(r.pngDataUri()).append("\">");
    }
    Path html = Files.writeString(SHOTS.resolve("charts.html"), page.append("</body></html>").toString());
    Path png = SHOTS.resolve("charts.png");
    io.virtpath.analysis.report.BrowserAccess.screenshot(html, png, 1400, 1900);
    BufferedImage shot = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(1400, shot.getWidth());
  }

  /** Every chart type the report draws, as PNG files and in one page Chromium renders. */
  static Map<String, Rendered> samples() {
    Map<String, Rendered> out = new LinkedHashMap<>();
    OverheadChart.Bar[][] bars = {
      {new OverheadChart.Bar(33.2, 30, 37, true), new OverheadChart.Bar(151, 140, 160, true),
          new OverheadChart.Bar(0.8, 0.74, 0.86, true), new OverheadChart.Bar(1.01, 0.97, 1.05)},
      {new OverheadChart.Bar(1.4, 1.1, 1.8), new OverheadChart.Bar(1.9, 1.7, 2.1, true), OverheadChart.Bar.NONE,
          new OverheadChart.Bar(0.95, 0.9, 1.0)}
    };
    out.put("overhead", OverheadChart.render("overhead", "Overhead against host: syscall", "host",
        List.of("getpid avgt", "clockGettimeVdso avgt", "randRead4kQd1 thrpt size=1024", "seqWrite1m thrpt"),
        List.of("emulated", "virtio"), bars));
    double[] values = new double[200];
    long[] counts = new long[200];
    for (int i = 0; i < 200; i++) {
      values[i] = 20000 + 40.0 * i * i;
      counts[i] = 4000 - 19L * i;
    }
    Map<String, Histogram> h = new LinkedHashMap<>();
    h.put("host", new Histogram(values, counts));
    h.put("virtio", new Histogram(values, counts).scaled(1.7));
    out.put("latency", LatencyChart.render("latency", "Latency distribution: tcpRoundTrip1b", "ns", h));
    OverheadChart.Bar[][] scores = {{new OverheadChart.Bar(2.5, 2.4, 2.6), new OverheadChart.Bar(1900, 1700, 2100),
        new OverheadChart.Bar(130, Double.NaN, Double.NaN)}};
    out.put("forest", ForestChart.render("forest", "Headline: cost of each path against host (log scale)", "host",
        List.of("emulated", "virtio"), ForestChartTest.headline(), ForestChartTest.MARGIN, "95 % interval"));
    out.put("scores", OverheadChart.scores("scores", "Scores", "ns/op", List.of("baseline", "openClose", "getpid"),
        List.of("host"), scores));
    return out;
  }
}
