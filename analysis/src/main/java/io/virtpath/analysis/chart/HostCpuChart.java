package io.virtpath.analysis.chart;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * Host CPU µs per operation of one benchmark, one stacked bar per target, one segment per QEMU
 * thread group (vCPU, main loop, iothreads, workers, vhost, other): where the emulator's time went
 * for one operation of that path.
 */
public final class HostCpuChart {
  private HostCpuChart() {}

  /**
   * @param targets the bars, in order
   * @param groups the segments, bottom first, as their legend says them
   * @param micros micros[group][target], µs per operation
   */
  public static Rendered render(String name, String title, List<String> targets, List<String> groups,
      double[][] micros) {
    CategoryChart chart = new CategoryChart(Math.max(800, 200 + 140 * targets.size()), 500);
    chart.setTitle(title);
    chart.setXAxisTitle("target");
    chart.setYAxisTitle("host CPU µs per operation");
    var s = chart.getStyler();
    Charts.style(s);
    s.setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
    s.setStacked(true);
    s.setOverlapped(false);
    s.setAvailableSpaceFill(0.55);
    s.setSeriesColors(Palette.first(groups.size()));
    s.setYAxisMin(0.0);
    s.setYAxisDecimalPattern("#,##0.#");
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    List<String> legend = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      List<Double> y = new ArrayList<>();
      for (int t = 0; t < targets.size(); t++) {
        y.add(micros[g][t]);
      }
      chart.addSeries(groups.get(g), targets, y);
      legend.add(groups.get(g));
    }
    return Charts.render(name, title, chart, legend);
  }
}
