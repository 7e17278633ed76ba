package io.virtpath.analysis.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Drawing shared by the charts that place their own ticks and labels: XChart 4.0.3 puts ticks
 * where its spacing rule says (a log axis gets decades only, a percentile axis no 50 %) and lets
 * rotated category labels collide. Coordinates are pixels; the y axis is logarithmic.
 */
final class Painter {
  static final Color AXIS = new Color(0x444444);
  static final Color GRID = new Color(0xE2E2E2);
  static final Color TEXT = new Color(0x1A1A1A);

  /** Tick mantissas, finest first: the finest whose labels stay apart is used. */
  static final double[][] MANTISSAS = {
    {1, 1.1, 1.2, 1.3, 1.5, 1.7, 2, 2.5, 3, 4, 5, 6, 7, 8, 9},
    {1, 1.2, 1.5, 2, 3, 4, 5, 7},
    {1, 1.5, 2, 3, 5, 7},
    {1, 2, 5},
    {1},
  };
  static final int MIN_TICK_GAP = 26;

  final Graphics2D g;
  final int width;
  final int height;

  Painter(Graphics2D g, int width, int height) {
    this.g = g;
    this.width = width;
    this.height = height;
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fill(new Rectangle2D.Double(0, 0, width, height));
  }

  /** The title, centred, wrapped to the width; returns the y below it. */
  int title(String text) {
    g.setFont(Charts.TITLE);
    FontMetrics fm = g.getFontMetrics();
    int y = 8;
    for (String line : wrap(text, width - 40, fm)) {
      y += fm.getAscent();
      g.setColor(TEXT);
      g.drawString(line, (width - fm.stringWidth(line)) / 2, y);
      y += fm.getDescent() + 2;
    }
    return y + 8;
  }

  /**
   * A log axis from {@code min} to {@code max} over pixel rows {@code bottom} (min) to {@code top}
   * (max); a horizontal one ({@link #horizontal}) has its left edge as "bottom", its right as "top".
   */
  record LogAxis(double min, double max, double top, double bottom) {
    /** Pixel columns {@code left} (min) to {@code right} (max); {@link #y} is then the x pixel. */
    static LogAxis horizontal(double min, double max, double left, double right) {
      return new LogAxis(min, max, right, left);
    }

    double y(double v) {
      double f = (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min));
      return bottom - f * (bottom - top);
    }

    /** Values 1-2-5 style (or finer) between min and max whose labels stay at least {@link #MIN_TICK_GAP} apart. */
    List<Double> ticks() {
      return ticks(MIN_TICK_GAP);
    }

    /** The same, with labels at least {@code gap} pixels apart. */
    List<Double> ticks(int gap) {
      return ticks((a, b) -> Math.abs(y(a) - y(b)) >= gap);
    }

    /**
     * The finest 1-2-5 style ticks whose every two neighbours are {@code apart} (a horizontal
     * axis's labels are as far apart as their widths need).
     */
    List<Double> ticks(java.util.function.BiPredicate<Double, Double> apart) {
      return ticks(MANTISSAS, apart);
    }

    /** The same from the given mantissa sets, finest first. */
    List<Double> ticks(double[][] sets, java.util.function.BiPredicate<Double, Double> apart) {
      List<Double> best = List.of();
      for (double[] mantissas : sets) {
        List<Double> t = new ArrayList<>();
        for (int e = (int) Math.floor(Math.log10(min)); e <= (int) Math.ceil(Math.log10(max)); e++) {
          for (double m : mantissas) {
            double v = m * Math.pow(10, e);
            if (v >= min * 0.9999 && v <= max * 1.0001) {
              t.add(v);
            }
          }
        }
        best = t;
        boolean allApart = true;
        for (int i = 1; i < t.size(); i++) {
          allApart &= apart.test(t.get(i - 1), t.get(i));
        }
        if (allApart && t.size() >= 2) {
          return t;
        }
      }
      return best;
    }
  }

  /** Horizontal grid lines and labels at the ticks, left of {@code left}. */
  void yAxis(LogAxis axis, int left, int right, DoubleFunction<String> label, String title) {
    g.setFont(Charts.TICKS);
    FontMetrics fm = g.getFontMetrics();
    for (double v : axis.ticks()) {
      double y = axis.y(v);
      g.setColor(GRID);
      g.setStroke(new BasicStroke(1f));
      g.draw(new Line2D.Double(left, y, right, y));
      g.setColor(TEXT);
      String s = label.apply(v);
      g.drawString(s, left - 6 - fm.stringWidth(s), (float) (y + fm.getAscent() / 2.0 - 1));
    }
    g.setFont(Charts.AXIS_TITLE);
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    int w = g.getFontMetrics().stringWidth(title);
    g.drawString(title, (float) -((axis.top() + axis.bottom()) / 2 + w / 2.0), 20f);
    g.setTransform(saved);
  }

  void frame(int left, double top, int right, double bottom) {
    g.setColor(AXIS);
    g.setStroke(new BasicStroke(1f));
    g.draw(new Rectangle2D.Double(left, top, right - left, bottom - top));
  }

  /** Legend swatches and labels, left to right, wrapping; starts at {@code y}. Returns the y below it. */
  int legend(List<String> labels, List<Color> colors, int y, boolean lines) {
    g.setFont(Charts.LEGEND);
    FontMetrics fm = g.getFontMetrics();
    int x = 60;
    int row = fm.getHeight() + 6;
    for (int i = 0; i < labels.size(); i++) {
      int w = 26 + fm.stringWidth(labels.get(i)) + 22;
      if (x + w > width - 20 && x > 60) {
        x = 60;
        y += row;
      }
      g.setColor(colors.get(i));
      if (lines) {
        g.setStroke(new BasicStroke(2.5f));
        g.draw(new Line2D.Double(x, y + row / 2.0 - 3, x + 18, y + row / 2.0 - 3));
      } else {
        g.fill(new Rectangle2D.Double(x, y + 2, 16, fm.getAscent()));
      }
      g.setColor(TEXT);
      g.drawString(labels.get(i), x + 24, y + fm.getAscent() + 1);
      x += w;
    }
    return y + row;
  }

  /** Measures how many pixel rows {@link #legend} needs. */
  int legendHeight(List<String> labels) {
    FontMetrics fm = g.getFontMetrics(Charts.LEGEND);
    int x = 60;
    int rows = 1;
    for (String l : labels) {
      int w = 26 + fm.stringWidth(l) + 22;
      if (x + w > width - 20 && x > 60) {
        x = 60;
        rows++;
      }
      x += w;
    }
    return rows * (fm.getHeight() + 6);
  }

  /**
   * Greedy word wrap; a word wider than the line is split where its camel case starts a new part
   * ({@code smallFile|Create|Fsync|Unlink}, {@code randRead4k|Qd16}), and a part still too wide
   * gets a line of its own.
   */
  static List<String> wrap(String text, int maxWidth, FontMetrics fm) {
    List<String> words = new ArrayList<>();
    for (String w : text.split(" ")) {
      if (fm.stringWidth(w) <= maxWidth) {
        words.add(w);
        continue;
      }
      StringBuilder part = new StringBuilder();
      for (String piece : w.split("(?<=[a-z0-9])(?=[A-Z])")) {
        if (!part.isEmpty() && fm.stringWidth(part + piece) > maxWidth) {
          words.add(part.toString());
          part.setLength(0);
        }
        part.append(piece);
      }
      words.add(part.toString());
    }
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (fm.stringWidth(candidate) <= maxWidth || line.isEmpty()) {
        line.setLength(0);
        line.append(candidate);
      } else {
        out.add(line.toString());
        line.setLength(0);
        line.append(word);
      }
    }
    if (!line.isEmpty()) {
      out.add(line.toString());
    }
    return out;
  }

  /** Font metrics before there is a chart to draw on (sizing the chart needs them). */
  static FontMetrics metrics(Font f) {
    Graphics2D g = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB).createGraphics();
    try {
      return g.getFontMetrics(f);
    } finally {
      g.dispose();
    }
  }

  /** Tick labels: up to three significant digits, no exponent for everyday magnitudes. */
  static String number(double v) {
    if (v >= 1e4) {
      return String.format(java.util.Locale.ROOT, "%,.0f", v);
    }
    if (v < 1e-3) {
      return String.format(java.util.Locale.ROOT, "%.0e", v);
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
