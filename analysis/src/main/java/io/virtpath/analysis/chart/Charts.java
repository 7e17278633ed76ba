package io.virtpath.analysis.chart;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** Rendering and the look shared by every chart: fonts large enough to read, white background. */
public final class Charts {
  static {
    // Reports are made on servers and in guests without a display.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  private Charts() {}

  static void style(AxesChartStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(true);
    s.setPlotGridLinesColor(new Color(0xDDDDDD));
    s.setChartTitleFont(TITLE);
    s.setAxisTitleFont(AXIS_TITLE);
    s.setAxisTickLabelsFont(TICKS);
    s.setLegendFont(LEGEND);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setLegendBorderColor(Color.WHITE);
    s.setLocale(Locale.ROOT);
    s.setAntiAlias(true);
  }

  /**
   * @param legend the legend's entries as the chart shows them (XChart keeps its series map to
   *     itself)
   */
  public static Rendered render(String name, String title, Chart<?, ?> chart, List<String> legend) {
    try {
      return new Rendered(name, title, List.copyOf(legend), ChartEncoder.getBytes(chart, "png"),
          svgFontSize(ChartEncoder.getBytes(chart, "svg")));
    } catch (IOException e) {
      throw new UncheckedIOException("rendering chart " + name, e);
    }
  }

  /**
   * VectorGraphics2D (XChart's SVG encoder) writes no font size for text in its default size, 12
   * ({@link #TICKS}), and a browser then draws that text at its own 16 px: tick labels and ratios
   * grew into their neighbours. The root element gets the size those texts inherit.
   */
  static byte[] svgFontSize(byte[] svg) {
    String s = new String(svg, java.nio.charset.StandardCharsets.UTF_8);
    return s.replaceFirst("<svg ", "<svg style=\"font-size:" + TICKS.getSize() + "px\" ")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A file name from free text: letters, digits, dot, dash; nothing else. */
  public static String fileName(String text) {
    String s = text.replaceAll("[^A-Za-z0-9.\\-]+", "-").replaceAll("-+", "-");
    s = s.replaceAll("^-|-$", "");
    return s.length() > 120 ? s.substring(0, 120) : s;
  }
}
