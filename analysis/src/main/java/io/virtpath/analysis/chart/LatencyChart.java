package io.virtpath.analysis.chart;

import io.virtpath.analysis.read.Histogram;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Latency percentile curves of a SampleTime benchmark, one per target, in the style of
 * HdrHistogram's plots: the x axis is "number of nines" (-log10(1 - p)), so 90 %, 99 % and 99.9 %
 * are equally spaced and the tail gets the room it deserves, with ticks at the percentiles people
 * quote ({@link #TICKS}); the y axis is logarithmic. Drawn by hand (XChart 4.0.3 cannot place
 * ticks at 50 %); extends XYChart only for XChart's PNG and SVG encoders.
 */
public final class LatencyChart {
  /** Percentiles drawn, up to what each histogram's sample count supports. */
  static final double[] PERCENTILES = {
    0.0, 0.25, 0.5, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9999, 0.99995, 0.99999
  };

  /** The labelled percentiles of the x axis, as far as the data reaches. */
  static final double[] TICKS = {0.5, 0.9, 0.99, 0.999, 0.9999, 0.99999};

  private LatencyChart() {}

  /** One curve: points (nines, value) and its legend entry. */
  record Curve(String label, List<double[]> points) {}

  public static Rendered render(String name, String title, String unit, Map<String, Histogram> byTarget) {
    double maxNines = 0;
    List<Curve> curves = new ArrayList<>();
    for (var e : byTarget.entrySet()) {
      Histogram h = e.getValue();
      long n = h.count();
      List<double[]> pts = new ArrayList<>();
      for (double p : PERCENTILES) {
        if (p > 0 && n * (1 - p) < 1) {
          break; // beyond this percentile the histogram has no samples to tell it from the max
        }
        double v = h.percentile(p);
        if (v > 0) {
          pts.add(new double[] {nines(p), v});
        }
      }
      double top = n > 1 ? nines(1 - 1.0 / n) : 1; // the maximum, at the resolution n allows
      double max = h.values().length == 0 ? Double.NaN : h.values()[h.values().length - 1];
      if (max > 0) {
        pts.add(new double[] {top, max});
      }
      maxNines = Math.max(maxNines, top);
      if (!pts.isEmpty()) {
        curves.add(new Curve(e.getKey() + " (" + n + " samples)", pts));
      }
    }
    double xMax = Math.max(1, Math.ceil(maxNines));
    Drawing chart = new Drawing(title, "latency (" + unit + ", log scale)", curves, xMax);
    return Charts.render(name, title, chart, curves.stream().map(Curve::label).toList());
  }

  static double nines(double p) {
    return -Math.log10(1 - p);
  }

  /** The tick percentiles an x axis up to {@code xMax} nines shows. */
  static List<Double> ticks(double xMax) {
    List<Double> out = new ArrayList<>();
    for (double p : TICKS) {
      if (nines(p) <= xMax + 1e-9) {
        out.add(p);
      }
    }
    return out;
  }

  /** Tick value (nines) to a percentile label: 1 -> 90%, 2 -> 99%, 3 -> 99.9%. */
  static String percentileLabel(double nines) {
    double p = 100 * (1 - Math.pow(10, -nines));
    if (p >= 99.99) {
      return String.format(Locale.ROOT, "%.4f%%", p).replaceAll("0+%$", "%").replaceAll("\\.%$", "%");
    }
    String s = String.format(Locale.ROOT, p < 99 ? "%.1f" : "%.2f", p).replaceAll("0+$", "").replaceAll("\\.$", "");
    return s + "%";
  }

  private static final class Drawing extends XYChart {
    private static final int LEFT = 84;
    private final String chartTitle;
    private final String yTitle;
    private final List<Curve> curves;
    private final double xMax;

    Drawing(String title, String yTitle, List<Curve> curves, double xMax) {
      super(900, 520);
      this.chartTitle = title;
      this.yTitle = yTitle;
      this.curves = curves;
      this.xMax = xMax;
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
      Painter p = new Painter(g, width, height);
      int top = p.title(chartTitle) + 6;
      int right = width - 24;
      List<String> labels = curves.stream().map(Curve::label).toList();
      FontMetrics ticks = g.getFontMetrics(Charts.TICKS);
      double bottom = height - p.legendHeight(labels) - ticks.getHeight() - g.getFontMetrics(Charts.AXIS_TITLE)
          .getHeight() - 24;
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      for (Curve c : curves) {
        for (double[] pt : c.points()) {
          min = Math.min(min, pt[1]);
          max = Math.max(max, pt[1]);
        }
      }
      if (max == 0) {
        min = 1;
        max = 10;
      }
      Painter.LogAxis axis = new Painter.LogAxis(min / 1.15, max * 1.15, top, bottom);
      p.yAxis(axis, LEFT, right, Painter::number, yTitle);
      g.setFont(Charts.TICKS);
      for (double t : ticks(xMax)) {
        double x = x(nines(t), right);
        g.setColor(Painter.GRID);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Line2D.Double(x, top, x, bottom));
        g.setColor(Painter.TEXT);
        String s = percentileLabel(nines(t));
        g.drawString(s, (float) (x - ticks.stringWidth(s) / 2.0), (float) bottom + 4 + ticks.getAscent());
      }
      g.setFont(Charts.AXIS_TITLE);
      String xTitle = "percentile";
      g.drawString(xTitle, (LEFT + right - g.getFontMetrics().stringWidth(xTitle)) / 2f,
          (float) bottom + 8 + ticks.getHeight() + g.getFontMetrics().getAscent());
      List<Color> colors = new ArrayList<>();
      for (int i = 0; i < curves.size(); i++) {
        Color color = Palette.color(i);
        colors.add(color);
        Path2D.Double line = new Path2D.Double();
        List<double[]> pts = curves.get(i).points();
        for (int k = 0; k < pts.size(); k++) {
          double x = x(pts.get(k)[0], right);
          double y = axis.y(pts.get(k)[1]);
          if (k == 0) {
            line.moveTo(x, y);
          } else {
            line.lineTo(x, y);
          }
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f));
        g.draw(line);
        for (double[] pt : pts) {
          g.fill(new Ellipse2D.Double(x(pt[0], right) - 3.5, axis.y(pt[1]) - 3.5, 7, 7));
        }
      }
      p.frame(LEFT, top, right, bottom);
      p.legend(labels, colors, (int) bottom + 16 + ticks.getHeight() + g.getFontMetrics(Charts.AXIS_TITLE).getHeight(),
          true);
    }

    private double x(double nines, int right) {
      return LEFT + nines / xMax * (right - LEFT);
    }
  }
}
