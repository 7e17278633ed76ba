package io.virtpath.analysis.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A metric across runs: each run's estimate with its confidence interval, each segment's level
 * between change points as a dashed line, and each change point as a ring around the first run of
 * the new level plus a vertical line before it. The y axis is logarithmic when the values span
 * more than {@link #LOG_SPAN}x, so that the level before a 70x regression is not a flat line at 0.
 */
public final class TrendChart {
  static final double LOG_SPAN = OverheadChart.LOG_SPAN;
  static final String CHANGE_LEGEND = "change point (first run of the new level)";
  private static final FontRenderContext FONTS = new FontRenderContext(null, true, true);
  /** XChart's title has no wrapping: room left of and right of it inside the image. */
  private static final int TITLE_MARGIN = 40;
  private static final int MAX_WIDTH = 1600;

  private TrendChart() {}

  /** A level between change points: runs [from, to] (1-based, inclusive) at {@code mean}. */
  public record Level(int from, int to, double mean) {}

  /**
   * @param title the full title: {@link Rendered#title()} keeps it whole, the image shortens it to fit
   * @param values per run (index 0 is run 1)
   * @param halfWidths CI half-widths per run; NaN when not available
   * @param changeAt 1-based run numbers that start a new level
   * @param incomplete 1-based run numbers of partial, failed or killed runs: marked, so that a point
   *     from a run that did not finish is not read as an ordinary one
   * @param gaps 1-based run numbers where this metric is missing (failed or not run): named in the
   *     title, since a gap in a line is easy to overlook
   */
  public static Rendered render(String name, String title, String unit, double[] values, double[] halfWidths,
      List<Level> levels, List<Integer> changeAt, List<Integer> incomplete, List<Integer> gaps) {
    StringBuilder suffix = new StringBuilder();
    if (!gaps.isEmpty()) {
      suffix.append("  [missing in run").append(gaps.size() == 1 ? " " : "s ")
          .append(String.join(", ", gaps.stream().map(String::valueOf).toList())).append("]");
    }
    boolean log = logAxis(values);
    if (log) {
      suffix.append(" (log scale)");
    }
    // a long name widens the image (up to MAX_WIDTH) before it is shortened
    int width = Math.max(900, Math.min(2400, 200 + 28 * values.length));
    width = Math.max(width, Math.min(MAX_WIDTH, textWidth(title + suffix, Charts.TITLE) + 2 * TITLE_MARGIN));
    XYChart chart = new XYChart(width, 480);
    chart.setTitle(fit(title, suffix.toString(), Charts.TITLE, width - 2 * TITLE_MARGIN));
    chart.setXAxisTitle("run number (oldest first; see trend.json for run ids)");
    chart.setYAxisTitle(unit);
    var s = chart.getStyler();
    Charts.style(s);
    s.setMarkerSize(7);
    s.setErrorBarsColorSeriesColor(true);
    s.setXAxisMin(0.0); // whole-number bounds so that the ticks land on run numbers
    s.setXAxisMax(values.length + 1.0);
    // Plain run numbers: XChart 4.0.3 drops every x label when a custom formatter blanks some.
    s.setXAxisDecimalPattern("0");
    if (log) {
      s.setYAxisLogarithmic(true);
      s.setYAxisMin(Math.pow(10, Math.floor(Math.log10(min(values, halfWidths)))));
      s.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max(values, halfWidths)))));
    }
    double[] x = new double[values.length];
    double[] err = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      x[i] = i + 1;
      err[i] = Double.isFinite(halfWidths[i]) ? halfWidths[i] : 0;
      if (log && Double.isFinite(values[i]) && err[i] >= values[i]) {
        err[i] = 0.9 * values[i]; // a log axis has no 0: the whisker stops short of it
      }
    }
    List<String> legend = new ArrayList<>();
    XYSeries runs = chart.addSeries("run estimate (with CI when available)", x, values, err);
    legend.add(runs.getName());
    runs.setMarker(SeriesMarkers.CIRCLE);
    runs.setLineColor(Palette.color(0));
    runs.setMarkerColor(Palette.color(0));
    List<Integer> marked = valued(incomplete, values);
    if (!marked.isEmpty()) {
      legend.add(points(chart, "incomplete run (partial, failed or killed)", marked, values, SeriesMarkers.DIAMOND));
    }
    List<Integer> changes = valued(changeAt, values);
    if (!changes.isEmpty()) {
      legend.add(points(chart, CHANGE_LEGEND, changes, values, new Ring()));
    }
    int i = 0;
    for (Level l : levels) {
      // whole run numbers: XChart puts x ticks at the data
      XYSeries level = chart.addSeries(i == 0 ? "segment level" : "segment level " + (i + 1),
          new double[] {l.from, l.to}, new double[] {l.mean, l.mean});
      level.setMarker(SeriesMarkers.NONE);
      level.setLineColor(Palette.color(1));
      level.setLineStyle(SeriesLines.DASH_DASH);
      level.setShowInLegend(i == 0);
      if (i == 0) {
        legend.add(level.getName());
      }
      i++;
    }
    for (int at : changeAt) {
      chart.addAnnotation(new AnnotationLine(at - 0.5, true, false));
    }
    s.setAnnotationLineColor(Palette.color(3));
    s.setAnnotationLineStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f));
    s.setPlotGridLinesColor(new Color(0xE5E5E5));
    return Charts.render(name, title + suffix, chart, legend);
  }

  /** A hollow circle around a point, large enough to be seen over the point's own marker. */
  static final class Ring extends Marker {
    private static final BasicStroke STROKE = new BasicStroke(2.5f);

    @Override
    public void paint(Graphics2D g, double x, double y, int markerSize) {
      double d = markerSize * 2.6;
      g.setStroke(STROKE);
      g.draw(new Ellipse2D.Double(x - d / 2, y - d / 2, d, d));
    }
  }

  private static List<Integer> valued(List<Integer> runs, double[] values) {
    return runs.stream().filter(r -> r >= 1 && r <= values.length && Double.isFinite(values[r - 1])).toList();
  }

  /** Red markers on some runs' points, no line; returns the legend entry. */
  private static String points(XYChart chart, String label, List<Integer> runs, double[] values,
      Marker marker) {
    XYSeries p = chart.addSeries(label, runs.stream().mapToDouble(r -> r).toArray(),
        runs.stream().mapToDouble(r -> values[r - 1]).toArray());
    p.setMarker(marker);
    p.setMarkerColor(Palette.color(3));
    p.setLineStyle(SeriesLines.NONE);
    p.setLineColor(Palette.color(3));
    return label;
  }

  /** Whether the values, all positive, span more than {@link #LOG_SPAN}x (the intervals do not count). */
  static boolean logAxis(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        if (v <= 0) {
          return false; // nothing to put on a log axis
        }
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return max / min > LOG_SPAN;
  }

  private static double min(double[] values, double[] halfWidths) {
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i])) {
        double low = Double.isFinite(halfWidths[i]) ? values[i] - halfWidths[i] : values[i];
        min = Math.min(min, low > 0 ? low : values[i]); // a whisker through 0 is cut short, see render
      }
    }
    return min;
  }

  private static double max(double[] values, double[] halfWidths) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i])) {
        max = Math.max(max, values[i] + (Double.isFinite(halfWidths[i]) ? halfWidths[i] : 0));
      }
    }
    return max;
  }

  /**
   * The title as the image shows it: whole when it fits {@code width} pixels in {@code font}, else
   * its middle replaced by "…" (the suffix kept whole), so that nothing is cut off at the image's
   * edge. The full title is the chart's alt text and is in trend.json.
   */
  static String fit(String title, String suffix, Font font, int width) {
    String whole = title + suffix;
    if (fits(whole, font, width)) {
      return whole;
    }
    for (int keep = title.length() - 1; keep > 8; keep--) {
      int head = (keep + 1) / 2;
      String s = title.substring(0, head) + "…" + title.substring(title.length() - (keep - head)) + suffix;
      if (fits(s, font, width)) {
        return s;
      }
    }
    return title.substring(0, Math.min(8, title.length())) + "…" + suffix;
  }

  static boolean fits(String text, Font font, int width) {
    return textWidth(text, font) <= width;
  }

  private static int textWidth(String text, Font font) {
    return (int) Math.ceil(font.getStringBounds(text, FONTS).getWidth());
  }
}
