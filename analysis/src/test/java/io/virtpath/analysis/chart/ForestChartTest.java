package io.virtpath.analysis.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.chart.ForestChart.Call;
import io.virtpath.analysis.chart.ForestChart.Row;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The headline's forest plot, read from its pixels: the band where ±5 % is, each point on the
 * side of the 1x line its ratio says, nothing drawn for a row without a ratio, an unbounded
 * interval running to the edge. The expected columns are computed here from the axis range, not
 * taken from the chart's own mapping. The PNG stays in target/report-screenshots.
 */
class ForestChartTest {
  static final double MARGIN = 0.05;
  static final List<String> TARGETS = List.of("emulated", "virtio");

  /** Rows 0 and 1 getpid (emulated, virtio), 2 and 3 sequential read, 4 and 5 TCP. */
  static final List<Row> ROWS = List.of(
      new Row("getpid", 0, 2.0, 1.8, 2.2, Call.SLOWER, null),
      new Row("getpid", 1, 0.5, 0.45, 0.55, Call.FASTER, null),
      new Row("1 MiB sequential read", 0, 1.01, 0.99, 1.03, Call.NO_CHANGE, null),
      Row.missing("1 MiB sequential read", 1, "not measured"),
      new Row("TCP round trip 1 B p50", 0, 1.3, 0.2, Double.POSITIVE_INFINITY, Call.INCONCLUSIVE, null),
      new Row("TCP round trip 1 B p50", 1, 30, Double.NaN, Double.NaN, Call.SLOWER, null));

  /** A whole headline: ten paths, two targets, every kind of row (for the page of every chart type). */
  static List<Row> headline() {
    List<Row> out = new ArrayList<>(ROWS);
    String[] paths = {"clock_gettime (vDSO)", "4 KiB random read QD1", "4 KiB random read QD16",
      "1 MiB sequential write", "4 KiB write + fdatasync", "TCP stream 64 KiB", "UDP round trip 64 B p50"};
    for (int i = 0; i < paths.length; i++) {
      double r = 1.5 + i;
      out.add(new Row(paths[i], 0, r * 2, r * 1.8, r * 2.2, Call.SLOWER, null));
      out.add(i == 3 ? Row.missing(paths[i], 1, "failed")
          : new Row(paths[i], 1, r / 2, r / 3, r / 1.2, r / 3 > 1 ? Call.SLOWER : Call.INCONCLUSIVE, null));
    }
    return out;
  }

  private static BufferedImage draw(ForestDrawing d) {
    BufferedImage img = new BufferedImage(d.getWidth(), d.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    d.paint(g, d.getWidth(), d.getHeight());
    g.dispose();
    return img;
  }

  private static boolean is(BufferedImage img, int x, int y, Color c) {
    return (img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF);
  }

  /** Where {@code v} lies on a log axis from min to max over columns left to right: computed here. */
  private static double expectedX(double v, double[] range, ForestDrawing.Geometry g) {
    double f = (Math.log(v) - Math.log(range[0])) / (Math.log(range[1]) - Math.log(range[0]));
    return g.plotLeft() + f * (g.plotRight() - g.plotLeft());
  }

  /** Columns of the plot where row {@code i} has the colour, and how tall it is there. */
  private static int[] heights(BufferedImage img, ForestDrawing.Geometry g, int row, Color c) {
    int[] h = new int[img.getWidth()];
    int top = g.rowTops().get(row);
    for (int x = g.plotLeft() + 1; x < g.plotRight(); x++) {
      for (int y = top; y < top + ForestDrawing.ROW; y++) {
        h[x] += is(img, x, y, c) ? 1 : 0;
      }
    }
    return h;
  }

  /** The middle of the widest run of columns at least 6 px tall: the marker (the bar is 3, its caps 2 wide). */
  private static double marker(int[] heights) {
    int bestStart = -1;
    int bestLen = 0;
    for (int x = 0; x < heights.length; x++) {
      if (heights[x] >= 6) {
        int s = x;
        while (x < heights.length && heights[x] >= 6) {
          x++;
        }
        if (x - s > bestLen) {
          bestLen = x - s;
          bestStart = s;
        }
      }
    }
    assertTrue(bestLen >= 7, "a marker is drawn (widest run " + bestLen + " px)");
    return bestStart + (bestLen - 1) / 2.0;
  }

  @Test
  void theBandIsShadedAndEachPointIsOnTheSideOfOneItsRatioSays() throws Exception {
    Rendered r = ForestChart.render("headline-forest", "Headline: cost of each path against host (log scale)", "host",
        TARGETS, ROWS, MARGIN, "95 % interval");
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.png()));
    assertEquals(800, png.getWidth(), "800 px wide like the other charts shown at their own size");
    ChartRenderTest.assertValid(r, 250);
    Files.createDirectories(ChartReadabilityTest.SHOTS);
    Files.write(ChartReadabilityTest.SHOTS.resolve("chart-forest.png"), r.png());

    ForestDrawing d = new ForestDrawing("t", "cost", TARGETS, ROWS, MARGIN, "95 % interval");
    BufferedImage img = draw(d);
    assertEquals(png.getHeight(), img.getHeight());
    ForestDrawing.Geometry g = d.geometry();
    double[] range = ForestDrawing.range(ROWS, MARGIN);
    assertEquals(6, g.rowTops().size(), "one line per path and target");

    // the band: in the gap above the first line, the shaded columns are exactly [1/1.05, 1.05]
    int y = g.plotTop() + 2;
    int first = -1;
    int last = -1;
    for (int x = g.plotLeft(); x <= g.plotRight(); x++) {
      if (is(img, x, y, ForestDrawing.BAND)) {
        first = first < 0 ? x : first;
        last = x;
      }
    }
    assertEquals(expectedX(1 / (1 + MARGIN), range, g), first, 2.0, "the band's left edge");
    assertEquals(expectedX(1 + MARGIN, range, g), last, 2.0, "the band's right edge");
    assertTrue(last - first >= 4, "a visible band: " + (last - first) + " px");
    int one = (int) Math.round(expectedX(1, range, g));
    int dark = 0xFF;
    for (int x = one - 1; x <= one + 1; x++) { // a 1.5 px line: its darkest column within a pixel of 1
      dark = Math.min(dark, (img.getRGB(x, y) >> 8) & 0xFF);
    }
    assertTrue(dark < 0x60, "the 1x line where 1 is on the axis (" + one + "), green " + dark);

    // a ratio of 2 right of the line where 2 lies, 0.5 left where 0.5 lies: each in its target's colour
    double slower = marker(heights(img, g, 0, Palette.color(0)));
    double faster = marker(heights(img, g, 1, Palette.color(1)));
    assertEquals(expectedX(2, range, g), slower, 2.0, "2x slower");
    assertEquals(expectedX(0.5, range, g), faster, 2.0, "2x faster");
    assertTrue(slower > one + 20 && faster < one - 20, "on either side of the 1x line at " + one);
    assertEquals(slower - one, one - faster, 3.0, "log axis: 2x slower as far from 1 as 2x faster");

    // not measured: nothing in its colour in the plot
    int[] missing = heights(img, g, 3, Palette.color(1));
    assertEquals(0, java.util.Arrays.stream(missing).sum(), "a row without a ratio draws no point and no bar");

    // [0.2, infinity): the bar runs to the right edge (an arrow), not to a finite end
    int[] open = heights(img, g, 4, Palette.color(0));
    int rightmost = 0;
    for (int x = 0; x < open.length; x++) {
      rightmost = open[x] > 0 ? x : rightmost;
    }
    assertTrue(rightmost >= g.plotRight() - 4, "unbounded above: drawn to the edge (" + rightmost + " of "
        + g.plotRight() + ")");
    int head = 0;
    for (int x = g.plotRight() - 12; x < g.plotRight() - 4; x++) {
      head = Math.max(head, open[x]);
    }
    assertTrue(head >= 8, "with an arrowhead, taller than the bar: " + head + " px");

    // 30x without an interval: the point only, no bar
    int[] alone = heights(img, g, 5, Palette.color(1));
    long columns = java.util.Arrays.stream(alone).filter(h -> h > 0).count();
    assertTrue(columns > 0 && columns <= 14, "only the marker, no bar: " + columns + " columns");
    assertEquals(expectedX(30, range, g), marker(alone), 2.0);
  }

  @Test
  void heightGrowsWithTheRowsAndTheTicksReadAsTimes() {
    ForestDrawing two = new ForestDrawing("t", "cost", TARGETS, ROWS.subList(0, 2), MARGIN, "95 % interval");
    List<Row> many = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      many.add(new Row("path " + p, 0, 1 + p, 0.9 + p, 1.1 + p, Call.SLOWER, null));
      many.add(new Row("path " + p, 1, 1.0, 0.97, 1.03, Call.NO_CHANGE, null));
    }
    ForestDrawing twenty = new ForestDrawing("t", "cost", TARGETS, many, MARGIN, "95 % interval");
    assertEquals(800, two.getWidth());
    assertEquals(800, twenty.getWidth());
    assertEquals(18 * ForestDrawing.ROW, twenty.getHeight() - two.getHeight(), "18 more rows");

    double[] range = ForestDrawing.range(many, MARGIN);
    ForestDrawing.Geometry g = twenty.geometry();
    Painter.LogAxis axis = Painter.LogAxis.horizontal(range[0], range[1], g.plotLeft(), g.plotRight());
    List<Double> t = ForestDrawing.ticks(axis);
    List<String> labels = t.stream().map(ForestDrawing::tickLabel).toList();
    assertTrue(labels.containsAll(List.of("1×", "2×", "5×", "10×")), labels.toString());
    java.awt.FontMetrics fm = Painter.metrics(Charts.TICKS);
    for (int i = 1; i < t.size(); i++) {
      double gap = axis.y(t.get(i)) - axis.y(t.get(i - 1))
          - (fm.stringWidth(labels.get(i)) + fm.stringWidth(labels.get(i - 1))) / 2.0;
      assertTrue(gap >= 8, "labels " + labels.get(i - 1) + " and " + labels.get(i) + " " + gap + " px apart");
    }
  }

  @Test
  void withOneTargetEachPathIsOneLine() throws Exception {
    List<Row> rows = List.of(new Row("getpid", 0, 33.2, Double.NaN, Double.NaN, Call.SLOWER, null),
        new Row("clock_gettime (vDSO)", 0, 151, Double.NaN, Double.NaN, Call.SLOWER, null),
        Row.missing("4 KiB random read QD1", 0, "not run"));
    ForestDrawing d = new ForestDrawing("t", "cost", List.of("emulated [partial]"), rows, MARGIN, "interval");
    assertEquals(3, d.geometry().rowTops().size());
    Rendered r = ForestChart.render("f", "Headline: cost of each path against host (log scale)", "host",
        List.of("emulated [partial]"), rows, MARGIN, "interval");
    Files.write(ChartReadabilityTest.SHOTS.resolve("chart-forest-one-target.png"), r.png());
  }

  @Test
  void oneWideIntervalDoesNotSquashTheRest() {
    List<Row> rows = List.of(new Row("a", 0, 1.2, 1.1, 1.3, Call.SLOWER, null),
        new Row("b", 0, 1.5, 1e-6, 1e6, Call.INCONCLUSIVE, null));
    double[] range = ForestDrawing.range(rows, MARGIN);
    assertTrue(range[0] > 0.05 && range[1] < 20, "the axis stays near the points: " + range[0] + ".." + range[1]);
    assertTrue(range[0] <= 1 / 1.05 && range[1] >= 1.5, "the band and every point are on it");
  }

  @Test
  void theLegendExplainsColourMarkerBandAndBar() {
    Rendered r = ForestChart.render("f", "Headline", "host", TARGETS, ROWS, 0.10, "95 % interval");
    assertEquals(List.of("emulated", "virtio", "slower or faster", "no change", "inconclusive",
        "equivalence band ±10 % (no change: the whole interval inside)", "bar: the 95 % interval the verdict rests on",
        "interval runs past the axis"), r.legend());
    assertFalse(r.title().isEmpty());
  }
}
