package io.virtpath.analysis.chart;

import io.virtpath.analysis.read.Histogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Latency percentile curves of a SampleTime benchmark, one per target, in the style of
 * HdrHistogram's plots: the x axis is "number of nines" (-log10(1 - p)), so 90 %, 99 % and 99.9 %
 * are equally spaced and the tail gets the room it deserves; the y axis is logarithmic.
 */
public final class LatencyChart {
  /** Percentiles drawn, up to what each histogram's sample count supports. */
  static final double[] PERCENTILES = {
    0.0, 0.25, 0.5, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9999, 0.99995, 0.99999
  };

  private LatencyChart() {}

  public static Rendered render(String name, String title, String unit, Map<String, Histogram> byTarget) {
    XYChart chart = new XYChart(900, 520);
    chart.setTitle(title);
    chart.setXAxisTitle("percentile");
    chart.setYAxisTitle("latency (" + unit + ", log scale)");
    var s = chart.getStyler();
    Charts.style(s);
    s.setYAxisLogarithmic(true);
    s.setSeriesColors(Palette.first(byTarget.size()));
    s.setMarkerSize(6);
    s.setXAxisTickLabelsFormattingFunction(LatencyChart::percentileLabel);
    double maxNines = 0;
    List<String> legend = new ArrayList<>();
    for (var e : byTarget.entrySet()) {
      Histogram h = e.getValue();
      long n = h.count();
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (double p : PERCENTILES) {
        if (p > 0 && n * (1 - p) < 1) {
          break; // beyond this percentile the histogram has no samples to tell it from the max
        }
        double v = h.percentile(p);
        if (v > 0) {
          x.add(nines(p));
          y.add(v);
        }
      }
      double top = n > 1 ? nines(1 - 1.0 / n) : 1; // the maximum, at the resolution n allows
      double max = h.values().length == 0 ? Double.NaN : h.values()[h.values().length - 1];
      if (max > 0) {
        x.add(top);
        y.add(max);
      }
      maxNines = Math.max(maxNines, top);
      if (!x.isEmpty()) {
        XYSeries series = chart.addSeries(e.getKey() + " (" + n + " samples)", x, y);
        legend.add(series.getName());
        series.setMarker(SeriesMarkers.CIRCLE);
      }
    }
    s.setXAxisMin(0.0);
    s.setXAxisMax(Math.max(1, Math.ceil(maxNines)));
    return Charts.render(name, title, chart, legend);
  }

  static double nines(double p) {
    return -Math.log10(1 - p);
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
}
