package io.virtpath.analysis.chart;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/**
 * Cost ratios as bars that grow from the 1.0 line (up: slower than the baseline, down: faster) on
 * a log axis, so that 2x slower and 2x faster are bars of the same length; each with its interval
 * and, when the verdict is slower or faster, a star. Drawn by hand (see {@link Painter}); extends
 * CategoryChart only so that XChart's encoders write it as PNG and SVG.
 */
final class CostChart extends CategoryChart {
  static final String STAR = "*";
  static final String STAR_NOTE = "* verdict slower or faster (interval excludes 1, change above the threshold)";
  private static final int LEFT = 84;
  private static final int RIGHT_MARGIN = 24;
  private static final double FILL = 0.8;
  private static final Font STAR_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);

  private final String chartTitle;
  private final String yTitle;
  private final List<String> categories;
  private final List<String> targets;
  private final OverheadChart.Bar[][] bars;

  CostChart(String title, String yTitle, List<String> categories, List<String> targets, OverheadChart.Bar[][] bars) {
    super(width(categories, targets), 620);
    this.chartTitle = title;
    this.yTitle = yTitle;
    this.categories = categories;
    this.targets = targets;
    this.bars = bars;
  }

  /**
   * Room for the bars and the labels' words, but no wider than {@link #MAX_WIDTH}: a wider PNG is
   * shrunk by the page until its text cannot be read. Labels that need more wrap (see {@link
   * #labels}) or turn vertical; they never collide.
   */
  static int width(List<String> categories, List<String> targets) {
    FontMetrics fm = Painter.metrics(Charts.TICKS);
    int word = 0;
    for (String c : categories) {
      for (String w : c.split(" ")) {
        word = Math.max(word, fm.stringWidth(w));
      }
    }
    int slot = Math.max(Math.min(word, 110) + 12, 28 * Math.max(1, targets.size()) + 16);
    return Math.max(900, Math.min(MAX_WIDTH, LEFT + RIGHT_MARGIN + categories.size() * slot));
  }

  /** About the width of report.html's column: the chart is shown at its own size. */
  static final int MAX_WIDTH = 1320;

  /** The axis: every bar end and interval end, and 1, with a margin; at least 0.8 to 1.25. */
  static double[] range(OverheadChart.Bar[][] bars) {
    double min = 1 / 1.25;
    double max = 1.25;
    for (OverheadChart.Bar[] row : bars) {
      for (OverheadChart.Bar b : row) {
        for (double v : new double[] {b.ratio(), b.ciLow(), b.ciHigh()}) {
          if (Double.isFinite(v) && v > 0) {
            min = Math.min(min, v / 1.15);
            max = Math.max(max, v * 1.15);
          }
        }
      }
    }
    return new double[] {min, max};
  }

  /** Category labels wrapped to their slot, or vertical when one word cannot fit it. */
  record Labels(List<List<String>> lines, boolean vertical, int height) {}

  static Labels labels(List<String> categories, double slot) {
    FontMetrics fm = Painter.metrics(Charts.TICKS);
    List<List<String>> lines = new ArrayList<>();
    boolean vertical = false;
    int maxLines = 1;
    int longest = 0;
    for (String c : categories) {
      List<String> l = Painter.wrap(c, (int) slot - 8, fm);
      lines.add(l);
      maxLines = Math.max(maxLines, l.size());
      longest = Math.max(longest, fm.stringWidth(c));
      for (String line : l) {
        vertical |= fm.stringWidth(line) > slot - 4;
      }
    }
    int height = vertical ? longest + 12 : maxLines * fm.getHeight() + 10;
    return new Labels(lines, vertical, height);
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    Painter p = new Painter(g, width, height);
    int top = p.title(chartTitle) + 6;
    int right = width - RIGHT_MARGIN;
    double slot = (right - LEFT) / (double) categories.size();
    Labels labels = labels(categories, slot);
    List<String> legend = new ArrayList<>(targets);
    int legendH = p.legendHeight(legend);
    int noteH = 20;
    double bottom = height - legendH - noteH - labels.height() - 14;
    double[] r = range(bars);
    Painter.LogAxis axis = new Painter.LogAxis(r[0], r[1], top, bottom);
    p.yAxis(axis, LEFT, right, v -> Painter.number(v) + "×", yTitle);
    double one = axis.y(1);
    int series = targets.size();
    double barW = slot * FILL / series;
    for (int c = 0; c < categories.size(); c++) {
      for (int t = 0; t < series; t++) {
        OverheadChart.Bar b = bars[t][c];
        if (!Double.isFinite(b.ratio()) || b.ratio() <= 0) {
          continue;
        }
        double x0 = LEFT + slot * c + slot * (1 - FILL) / 2 + t * barW;
        double y = axis.y(b.ratio());
        g.setColor(Palette.color(t));
        g.fill(new Rectangle2D.Double(x0 + 1, Math.min(y, one), barW - 2, Math.max(1.5, Math.abs(one - y))));
        double cx = x0 + barW / 2;
        double tip = y;
        double base = y;
        g.setColor(Painter.TEXT);
        g.setStroke(new BasicStroke(1.6f));
        if (Double.isFinite(b.ciLow()) && Double.isFinite(b.ciHigh()) && b.ciLow() > 0) {
          double y1 = axis.y(b.ciLow());
          double y2 = axis.y(b.ciHigh());
          double half = Math.max(2, Math.min(6, barW / 4));
          g.draw(new Line2D.Double(cx, y1, cx, y2));
          g.draw(new Line2D.Double(cx - half, y1, cx + half, y1));
          g.draw(new Line2D.Double(cx - half, y2, cx + half, y2));
          tip = Math.min(y, y2);
          base = Math.max(y, y1);
        }
        if (b.significant()) {
          g.setFont(STAR_FONT);
          FontMetrics fm = g.getFontMetrics();
          float sx = (float) (cx - fm.stringWidth(STAR) / 2.0);
          // above a bar that grows up, below one that grows down: at the end a reader looks at
          g.drawString(STAR, sx, b.ratio() >= 1 ? (float) tip - 2 : (float) base + fm.getAscent() - 2);
        }
      }
    }
    g.setColor(Painter.TEXT);
    g.setStroke(new BasicStroke(2f));
    g.draw(new Line2D.Double(LEFT, one, right, one)); // as fast as the baseline
    p.frame(LEFT, top, right, bottom);
    drawLabels(g, labels, slot, bottom);
    int y = p.legend(legend, java.util.stream.IntStream.range(0, series).mapToObj(Palette::color).toList(),
        (int) (bottom + labels.height() + 10), false);
    g.setFont(Charts.TICKS);
    g.setColor(Painter.TEXT);
    g.drawString(STAR_NOTE, 60, y + g.getFontMetrics().getAscent());
  }

  private void drawLabels(Graphics2D g, Labels labels, double slot, double bottom) {
    g.setFont(Charts.TICKS);
    g.setColor(Painter.TEXT);
    FontMetrics fm = g.getFontMetrics();
    for (int c = 0; c < categories.size(); c++) {
      double cx = LEFT + slot * (c + 0.5);
      if (labels.vertical()) {
        AffineTransform saved = g.getTransform();
        g.translate(cx + fm.getAscent() / 2.0 - 1, bottom + 6 + fm.stringWidth(categories.get(c)));
        g.rotate(-Math.PI / 2);
        g.drawString(categories.get(c), 0, 0);
        g.setTransform(saved);
        continue;
      }
      double y = bottom + 6;
      for (String line : labels.lines().get(c)) {
        y += fm.getAscent();
        g.drawString(line, (float) (cx - fm.stringWidth(line) / 2.0), (float) y);
        y += fm.getDescent();
      }
    }
  }
}
