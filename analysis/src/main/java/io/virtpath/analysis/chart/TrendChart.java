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
   * @param incomplete 1-based run numbers of partial, failed or killed runs: marked, so that a point
   *     from a run that did not finish is not read as an ordinary one
   * @param gaps 1-based run numbers where this metric is missing (failed or not run): named in the
   *     title, since a gap in a line is easy to overlook
   */
  public static Rendered render(String name, String title, String unit, double[] values, double[] halfWidths,
      List<Level> levels, List<Integer> changeAt, List<Integer> incomplete, List<Integer> gaps) {
    XYChart chart = new XYChart(Math.max(900, Math.min(2400, 200 + 28 * values.length)), 480);
    // XChart's legend lists series only; the change-point lines and gaps are named in the title instead
    StringBuilder t = new StringBuilder(title);
    if (!changeAt.isEmpty()) {
      t.append("  (red dashes: change points)");
    }
    if (!gaps.isEmpty()) {
      t.append("  [missing in run").append(gaps.size() == 1 ? " " : "s ")
          .append(String.join(", ", gaps.stream().map(String::valueOf).toList())).append("]");
    }
    chart.setTitle(t.toString());
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
    List<String> legend = new java.util.ArrayList<>();
    XYSeries runs = chart.addSeries("run estimate (with CI when available)", x, values, err);
    legend.add(runs.getName());
    runs.setMarker(SeriesMarkers.CIRCLE);
    runs.setLineColor(Palette.color(0));
    runs.setMarkerColor(Palette.color(0));
    List<Integer> marked = incomplete.stream().filter(r -> r >= 1 && r <= values.length
        && Double.isFinite(values[r - 1])).toList();
    if (!marked.isEmpty()) {
      XYSeries inc = chart.addSeries("incomplete run (partial, failed or killed)",
          marked.stream().mapToDouble(r -> r).toArray(), marked.stream().mapToDouble(r -> values[r - 1]).toArray());
      inc.setMarker(SeriesMarkers.DIAMOND);
      inc.setMarkerColor(Palette.color(3));
      inc.setLineStyle(SeriesLines.NONE);
      inc.setLineColor(Palette.color(3));
      legend.add(inc.getName());
    }
    int i = 0;
    for (Level l : levels) {
      XYSeries level = chart.addSeries(i == 0 ? "segment mean" : "segment mean " + (i + 1),
          new double[] {l.from, l.to}, new double[] {l.mean, l.mean}); // whole run numbers: XChart puts x ticks at the data
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
      AnnotationLine line = new AnnotationLine(at - 0.5, true, false);
      chart.addAnnotation(line);
    }
    s.setAnnotationLineColor(Palette.color(3));
    s.setAnnotationLineStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f));
    s.setPlotGridLinesColor(new Color(0xE5E5E5));
    return Charts.render(name, t.toString(), chart, legend);
  }
}
