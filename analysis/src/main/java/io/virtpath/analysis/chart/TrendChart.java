package io.virtpath.analysis.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A metric across runs: each run's estimate with its confidence interval, each segment's mean
 * between change points as a dashed level, and each change point as a vertical line between the
 * last run before it and the first run after it.
 */
public final class TrendChart {
  private TrendChart() {}

  /** A level between change points: runs [from, to] (1-based, inclusive) at {@code mean}. */
  public record Level(int from, int to, double mean) {}

  /**
   * @param values per run (index 0 is run 1)
   * @param halfWidths CI half-widths per run; NaN when not available
   * @param changeAt 1-based run numbers that start a new level
   */
  public static Rendered render(String name, String title, String unit, double[] values, double[] halfWidths,
      List<Level> levels, List<Integer> changeAt) {
    XYChart chart = new XYChart(Math.max(900, Math.min(2400, 200 + 28 * values.length)), 480);
    // XChart's legend lists series only; the change-point lines are named in the title instead
    chart.setTitle(changeAt.isEmpty() ? title : title + "  (red dashes: change points)");
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
    double[] x = new double[values.length];
    double[] err = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      x[i] = i + 1;
      err[i] = Double.isFinite(halfWidths[i]) ? halfWidths[i] : 0;
    }
    XYSeries runs = chart.addSeries("run estimate (with CI when available)", x, values, err);
    runs.setMarker(SeriesMarkers.CIRCLE);
    runs.setLineColor(Palette.color(0));
    runs.setMarkerColor(Palette.color(0));
    int i = 0;
    for (Level l : levels) {
      XYSeries level = chart.addSeries(i == 0 ? "segment mean" : "segment mean " + (i + 1),
          new double[] {l.from, l.to}, new double[] {l.mean, l.mean}); // whole run numbers: XChart puts x ticks at the data
      level.setMarker(SeriesMarkers.NONE);
      level.setLineColor(Palette.color(1));
      level.setLineStyle(SeriesLines.DASH_DASH);
      level.setShowInLegend(i == 0);
      i++;
    }
    for (int at : changeAt) {
      AnnotationLine line = new AnnotationLine(at - 0.5, true, false);
      chart.addAnnotation(line);
    }
    s.setAnnotationLineColor(Palette.color(3));
    s.setAnnotationLineStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f));
    s.setPlotGridLinesColor(new Color(0xE5E5E5));
    return Charts.render(name, title, chart);
  }
}
