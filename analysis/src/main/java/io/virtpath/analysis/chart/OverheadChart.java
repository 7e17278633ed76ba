package io.virtpath.analysis.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.Styler;

/**
 * Overhead per benchmark per target: grouped bars of the cost ratio against the baseline (1 = as
 * fast as the baseline, 2 = twice as slow), one group per benchmark, one bar per target, with the
 * ratio's confidence interval as a whisker. Cost ratios ({@link #render}) grow from the 1.0 line
 * on a log axis (see {@link CostChart}); plain scores and near-1 tool ratios keep XChart's bars,
 * on a log axis when they span more than {@link #LOG_SPAN}x.
 */
public final class OverheadChart {
  static final double LOG_SPAN = 20;

  /**
   * One bar: the ratio and its interval (NaN when not available).
   *
   * @param significant the verdict is slower or faster: the bar gets a star
   */
  public record Bar(double ratio, double ciLow, double ciHigh, boolean significant) {
    public static final Bar NONE = new Bar(Double.NaN, Double.NaN, Double.NaN);

    public Bar(double ratio, double ciLow, double ciHigh) {
      this(ratio, ciLow, ciHigh, false);
    }
  }

  /**
   * @param categories one label per benchmark
   * @param targets the series, in legend order
   * @param bars bars[target][category]
   */
  public static Rendered render(String name, String title, String baseline, List<String> categories,
      List<String> targets, Bar[][] bars) {
    String full = title + " (log scale)";
    CostChart chart = new CostChart(full, "cost vs " + baseline + " (×; above 1 = slower)", categories, targets, bars);
    return Charts.render(name, full, chart, targets); // the star's meaning is a line under the legend
  }

  /**
   * Ratios that should sit near 1 (a tool against another), with their intervals and the line at
   * 1, on a linear axis from 0 to {@code yMax}: a wide interval is cut at the top instead of
   * squeezing every bar into a logarithmic axis.
   */
  public static Rendered ratios(String name, String title, String yTitle, List<String> categories,
      List<String> targets, Bar[][] bars, double yMax) {
    return bars(name, title, yTitle, categories, targets, bars, true, yMax);
  }

  /**
   * The same grouped bars for plain scores in one unit (a report without a baseline): each bar a
   * benchmark's mean, each whisker its confidence interval.
   */
  public static Rendered scores(String name, String title, String unit, List<String> categories, List<String> targets,
      Bar[][] bars) {
    return bars(name, title, unit, categories, targets, bars, false, Double.NaN);
  }

  private static Rendered bars(String name, String title, String yTitle, List<String> categories,
      List<String> targets, Bar[][] bars, boolean referenceAtOne, double linearMax) {
    // wide enough that XChart need not drop every other rotated category label
    int width = Math.max(900, Math.min(2400, 160 + categories.size() * (80 + 24 * targets.size())));
    WhiskerChart chart = new WhiskerChart(width, 600);
    chart.setTitle(title);
    chart.setXAxisTitle("benchmark");
    chart.setYAxisTitle(yTitle);
    var s = chart.getStyler();
    Charts.style(s);
    s.setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Bar);
    s.setSeriesColors(Palette.first(targets.size()));
    s.setXAxisLabelRotation(categories.size() > 4 ? 40 : 0);
    s.setAvailableSpaceFill(0.8);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);

    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (Bar[] row : bars) {
      for (Bar b : row) {
        for (double v : new double[] {b.ratio, b.ciLow, b.ciHigh}) {
          if (Double.isFinite(v) && v > 0) {
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
        }
      }
    }
    if (max == 0) {
      min = 1;
      max = 1;
    }
    boolean log = Double.isNaN(linearMax) && max / min > LOG_SPAN;
    if (!Double.isNaN(linearMax)) {
      s.setYAxisMin(0.0);
      s.setYAxisMax(linearMax);
      s.setYAxisDecimalPattern("0.0#");
    } else if (log) {
      s.setYAxisLogarithmic(true);
      s.setYAxisMin(Math.pow(10, Math.floor(Math.log10(referenceAtOne ? Math.min(min, 1) : min))));
      s.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(referenceAtOne ? Math.max(max, 1) : max))));
    } else {
      s.setYAxisMin(0.0);
      s.setYAxisMax(referenceAtOne ? Math.max(1.2, max * 1.1) : max * 1.1);
      s.setYAxisDecimalPattern("0.0#");
    }
    for (int t = 0; t < targets.size(); t++) {
      List<Double> y = new ArrayList<>();
      double[][] ci = new double[categories.size()][];
      for (int c = 0; c < categories.size(); c++) {
        Bar b = bars[t][c];
        y.add(Double.isFinite(b.ratio) ? b.ratio : null);
        ci[c] = new double[] {b.ciLow, b.ciHigh};
      }
      chart.addSeries(targets.get(t), categories, y);
      chart.intervals.add(ci);
    }
    if (referenceAtOne) {
      chart.addAnnotation(new AnnotationLine(1.0, false, false)); // as fast as the baseline
    }
    return Charts.render(name, title + (log ? " (log scale)" : ""), chart, targets);
  }

  /**
   * XChart's error bars are symmetric around the bar, but a ratio's interval is not; this chart
   * draws each interval where it is, after XChart has drawn the bars, using XChart's own
   * chart-to-screen mapping.
   */
  static final class WhiskerChart extends CategoryChart {
    private static final BasicStroke STROKE = new BasicStroke(1.6f);
    final List<double[][]> intervals = new ArrayList<>();

    WhiskerChart(int width, int height) {
      super(width, height);
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
      super.paint(g, width, height);
      int series = intervals.size();
      if (series == 0) {
        return;
      }
      double fill = getStyler().getAvailableSpaceFill();
      double yMin = getStyler().getYAxisMin();
      double yMax = getStyler().getYAxisMax();
      g.setColor(new Color(0x222222));
      g.setStroke(STROKE);
      for (int t = 0; t < series; t++) {
        double[][] ci = intervals.get(t);
        for (int c = 0; c < ci.length; c++) {
          double lo = ci[c][0];
          double hi = ci[c][1];
          if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            continue;
          }
          lo = Math.max(lo, yMin);
          hi = Math.min(hi, yMax);
          // category c spans [c, c+1] on the axis; its bars fill the middle `fill` of it
          double center = c + (1 - fill) / 2 + (t + 0.5) * fill / series;
          double x = getScreenXFromChart(center);
          double half = Math.max(2, Math.min(6, (getScreenXFromChart(1) - getScreenXFromChart(0)) * fill / series / 4));
          double y1 = getScreenYFromChart(lo);
          double y2 = getScreenYFromChart(hi);
          g.draw(new Line2D.Double(x, y1, x, y2));
          g.draw(new Line2D.Double(x - half, y1, x + half, y1));
          g.draw(new Line2D.Double(x - half, y2, x + half, y2));
        }
      }
    }
  }

  private OverheadChart() {}
}
