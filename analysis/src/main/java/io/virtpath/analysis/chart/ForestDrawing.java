package io.virtpath.analysis.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/**
 * {@link ForestChart}'s drawing: the labels (each path in bold beside its rows, each row's
 * target), the plot, and on the right each row's ratio and verdict. Extends CategoryChart only so
 * that XChart's encoders write it as PNG and SVG.
 */
final class ForestDrawing extends CategoryChart {
  /** The equivalence band, and the "no change" verdict's colour: the band is where it must lie. */
  static final Color BAND = new Color(0xD9E6F2);
  /** Every other path's background, so that the eye follows a row to its verdict. */
  static final Color STRIPE = new Color(0xF3F5F8);
  /** The headline table's colours for a cell without a result. */
  static final Color MISSING = new Color(0x6B1010);
  static final Color MISSING_BACKGROUND = new Color(0xFBEAEA);
  static final Color NOTE = new Color(0x555555);
  static final int ROW = 22;
  /** The widest a path's name gets beside its rows before it wraps: every headline path fits on one line. */
  static final int PATH_COLUMN = 185;
  static final int MARGIN = 12;
  /** Pixels between two tick labels, beyond half of each one's width. */
  static final int TICK_GAP = 12;
  /**
   * How far beyond the outermost point (or the band) an interval end may stretch the axis; one
   * further away is clipped with an arrow, so that one wide interval does not squash every row.
   */
  static final double REACH = 10;
  private static final double PAD = 1.12;
  private static final Font PATH = new Font(Font.SANS_SERIF, Font.BOLD, 13);
  private static final Font PILL = new Font(Font.SANS_SERIF, Font.BOLD, 11);
  private static final Font PILL_NOTE = new Font(Font.SANS_SERIF, Font.ITALIC, 11);
  /** A marker's width: an interval narrower than this is behind it. */
  private static final double MARKER = 11;
  private static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.ITALIC, 12);
  private static final BasicStroke BAR = new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);

  /** The legend's explanations of the encoding, after the targets. */
  enum Key { CHANGE, NO_CHANGE, INCONCLUSIVE, BAND, BAR, CLIPPED }

  private final String title;
  private final String xTitle;
  private final List<String> targets;
  private final List<ForestChart.Row> rows;
  private final double margin;
  private final String interval;

  ForestDrawing(String title, String xTitle, List<String> targets, List<ForestChart.Row> rows, double margin,
      String interval) {
    super(ForestChart.WIDTH, 100);
    this.title = title;
    this.xTitle = xTitle;
    this.targets = List.copyOf(targets);
    this.rows = List.copyOf(rows);
    this.margin = margin;
    this.interval = interval;
    getStyler().setChartBackgroundColor(Color.WHITE);
    // the height follows from the layout, which needs this instance's legend texts
    setHeight(geometry().height());
  }

  String keyText(Key k) {
    return switch (k) {
      case CHANGE -> "slower or faster";
      case NO_CHANGE -> "no change";
      case INCONCLUSIVE -> "inconclusive";
      case BAND -> "equivalence band " + ForestChart.band(margin) + " (no change: the whole interval inside)";
      case BAR -> "bar: the " + interval + " the verdict rests on";
      case CLIPPED -> "interval runs past the axis";
    };
  }

  /**
   * The x axis: every ratio, the band and 1, and the interval ends within {@link #REACH} of them,
   * with a margin; at least 0.8x to 1.25x.
   */
  static double[] range(List<ForestChart.Row> rows, double margin) {
    double lo = Math.min(1 / 1.25 * PAD, 1 / (1 + margin));
    double hi = Math.max(1.25 / PAD, 1 + margin);
    for (ForestChart.Row r : rows) {
      if (r.hasRatio()) {
        lo = Math.min(lo, r.ratio());
        hi = Math.max(hi, r.ratio());
      }
    }
    double pointsLo = lo;
    double pointsHi = hi;
    for (ForestChart.Row r : rows) {
      if (!r.hasInterval()) {
        continue;
      }
      for (double v : new double[] {r.ciLow(), r.ciHigh()}) {
        if (Double.isFinite(v) && v > 0 && v >= pointsLo / REACH && v <= pointsHi * REACH) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    return new double[] {lo / PAD, hi * PAD};
  }

  /**
   * Where everything goes: the path column (with several targets; each path's rows share it), the
   * targets' labels, the plot, the ratios and the verdicts; the top of each row.
   */
  record Geometry(int pathWidth, int targetLeft, int plotLeft, int plotRight, int ratioRight, int pillLeft,
      int pillWidth, int plotTop, int plotBottom, List<Integer> rowTops, int legendTop, int height) {}

  /** A path's rows: {@code from} (inclusive) to {@code to} (exclusive) in {@link #rows}. */
  record Group(String path, int from, int to) {}

  private boolean oneTarget() {
    return targets.size() == 1;
  }

  List<Group> groups() {
    List<Group> out = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= rows.size(); i++) {
      if (i == rows.size() || !rows.get(i).path().equals(rows.get(from).path())) {
        out.add(new Group(rows.get(from).path(), from, i));
        from = i;
      }
    }
    return out;
  }

  Geometry geometry() {
    FontMetrics ticks = Painter.metrics(Charts.TICKS);
    FontMetrics paths = Painter.metrics(PATH);
    FontMetrics pill = Painter.metrics(PILL);
    int pathWidth = 0;
    int targetWidth = 0;
    for (ForestChart.Row r : rows) {
      pathWidth = Math.max(pathWidth, paths.stringWidth(r.path()));
      targetWidth = Math.max(targetWidth, ticks.stringWidth(target(r)));
    }
    int targetLeft;
    int plotLeft;
    if (oneTarget()) { // the path labels its row, after the target's swatch; the legend names the target
      targetLeft = MARGIN + 4;
      plotLeft = Math.clamp(targetLeft + 20 + pathWidth + 14, 150, 320);
    } else { // the path beside its rows, wrapped to a column, then each target
      pathWidth = Math.min(pathWidth, PATH_COLUMN);
      targetLeft = MARGIN + 4 + pathWidth + 12;
      plotLeft = Math.clamp(targetLeft + 20 + targetWidth + 14, 150, 360);
    }
    int pillWidth = pill.stringWidth(ForestChart.Call.INCONCLUSIVE.word) + 14;
    FontMetrics notes = Painter.metrics(PILL_NOTE);
    for (ForestChart.Row r : rows) {
      if (!r.hasRatio()) {
        pillWidth = Math.max(pillWidth, Math.min(140, notes.stringWidth(note(r)) + 14));
      }
    }
    int pillLeft = ForestChart.WIDTH - MARGIN - pillWidth;
    int ratioRight = pillLeft - 8;
    int ratioWidth = ticks.stringWidth("0.00×");
    for (ForestChart.Row r : rows) {
      if (r.hasRatio()) {
        ratioWidth = Math.max(ratioWidth, ticks.stringWidth(ratioText(r.ratio())));
      }
    }
    int plotRight = ratioRight - ratioWidth - 14;
    int plotTop = titleHeight() + ticks.getHeight() + 6;
    List<Integer> tops = new ArrayList<>();
    int y = plotTop + 4;
    for (int i = 0; i < rows.size(); i++) {
      tops.add(y);
      y += ROW;
    }
    int plotBottom = y + 4;
    int legendTop = plotBottom + ticks.getHeight() + 6 + Painter.metrics(Charts.AXIS_TITLE).getHeight() + 10;
    int height = legend(null, legendTop) + 10;
    return new Geometry(pathWidth, targetLeft, plotLeft, plotRight, ratioRight, pillLeft, pillWidth, plotTop,
        plotBottom, tops, legendTop, height);
  }

  private int titleHeight() {
    FontMetrics fm = Painter.metrics(Charts.TITLE);
    int lines = Painter.wrap(title, ForestChart.WIDTH - 40, fm).size();
    return 8 + lines * (fm.getAscent() + fm.getDescent() + 2) + 8;
  }

  private String target(ForestChart.Row r) {
    return r.target() >= 0 && r.target() < targets.size() ? targets.get(r.target()) : "?";
  }

  /** As the headline table writes it (HeadlineText.short3): "1.00×" says equal to three digits, "1×" would not. */
  static String ratioText(double ratio) {
    return (ratio >= 1000 ? String.format(java.util.Locale.ROOT, "%.0f", ratio)
        : String.format(java.util.Locale.ROOT, "%.3g", ratio)) + "×";
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    Painter p = new Painter(g, width, height);
    p.title(title);
    Geometry geo = geometry();
    double[] r = range(rows, margin);
    Painter.LogAxis axis = Painter.LogAxis.horizontal(r[0], r[1], geo.plotLeft(), geo.plotRight());
    List<Group> groups = groups();
    for (int k = 1; k < groups.size(); k += 2) { // every other path on a light background, across the row
      Group gr = groups.get(k);
      g.setColor(STRIPE);
      int top = geo.rowTops().get(gr.from());
      g.fill(new Rectangle2D.Double(MARGIN, top - 1, width - 2 * MARGIN, (gr.to() - gr.from()) * ROW + 2));
    }
    g.setColor(BAND);
    double bandLeft = axis.y(1 / (1 + margin));
    double bandRight = axis.y(1 + margin);
    g.fill(new Rectangle2D.Double(bandLeft, geo.plotTop(), bandRight - bandLeft, geo.plotBottom() - geo.plotTop()));
    List<Double> ticks = ticks(axis);
    g.setStroke(new BasicStroke(1f));
    for (double t : ticks) {
      g.setColor(Painter.GRID);
      g.draw(new Line2D.Double(axis.y(t), geo.plotTop(), axis.y(t), geo.plotBottom()));
    }
    g.setColor(Painter.TEXT);
    g.setStroke(new BasicStroke(1.5f));
    double one = axis.y(1);
    g.draw(new Line2D.Double(one, geo.plotTop(), one, geo.plotBottom())); // as fast as the reference
    if (!oneTarget()) {
      groups.forEach(gr -> path(g, gr, geo));
    }
    for (int i = 0; i < rows.size(); i++) {
      row(g, rows.get(i), geo.rowTops().get(i) + ROW / 2.0, axis, geo);
    }
    p.frame(geo.plotLeft(), geo.plotTop(), geo.plotRight(), geo.plotBottom());
    tickLabels(g, axis, ticks, geo);
    legend(g, geo.legendTop());
  }

  /** The path's name beside its rows: wrapped to the column, as many lines as the rows have room for. */
  private void path(Graphics2D g, Group gr, Geometry geo) {
    g.setFont(PATH);
    g.setColor(Painter.TEXT);
    FontMetrics fm = g.getFontMetrics();
    int lineHeight = fm.getAscent() + fm.getDescent();
    int room = Math.max(1, (gr.to() - gr.from()) * ROW / lineHeight);
    List<String> lines = new ArrayList<>(Painter.wrap(gr.path(), geo.pathWidth(), fm));
    if (lines.size() > room) {
      String rest = String.join(" ", lines.subList(room - 1, lines.size()));
      lines = new ArrayList<>(lines.subList(0, room - 1));
      lines.add(rest);
    }
    double top = geo.rowTops().get(gr.from()) + ((gr.to() - gr.from()) * ROW - lines.size() * lineHeight) / 2.0;
    for (String line : lines) {
      g.drawString(fit(line, geo.pathWidth(), fm), MARGIN + 4, (float) top + fm.getAscent());
      top += lineHeight;
    }
  }

  private void row(Graphics2D g, ForestChart.Row r, double mid, Painter.LogAxis axis, Geometry geo) {
    Color color = Palette.color(r.target());
    g.setColor(color);
    g.setStroke(BAR);
    g.draw(new Line2D.Double(geo.targetLeft(), mid, geo.targetLeft() + 14, mid));
    g.setFont(oneTarget() ? PATH : Charts.TICKS);
    g.setColor(Painter.TEXT);
    g.drawString(fit(oneTarget() ? r.path() : target(r), geo.plotLeft() - geo.targetLeft() - 30, g.getFontMetrics()),
        geo.targetLeft() + 20, baseline(mid, g.getFontMetrics()));
    g.setFont(Charts.TICKS);
    FontMetrics fm = g.getFontMetrics();
    if (!r.hasRatio()) {
      // nothing in the plot: the row says why on the table's colour for a missing cell
      pill(g, note(r), MISSING_BACKGROUND, MISSING, PILL_NOTE, geo.pillLeft(), geo.pillWidth(), mid);
      return;
    }
    double x = axis.y(r.ratio());
    if (r.hasInterval()) {
      bar(g, r, mid, axis, color);
    }
    marker(g, r.call(), x, mid, color);
    if (!r.hasInterval()) {
      FontMetrics nf = g.getFontMetrics(NOTE_FONT);
      String s = "no interval";
      boolean right = x + 12 + nf.stringWidth(s) < geo.plotRight() - 4;
      note(g, s, right ? x + 12 : x - 12 - nf.stringWidth(s), mid);
    }
    g.setFont(Charts.TICKS);
    g.setColor(Painter.TEXT);
    String ratio = ratioText(r.ratio());
    g.drawString(ratio, geo.ratioRight() - fm.stringWidth(ratio), baseline(mid, fm));
    if (r.call() != null) {
      pill(g, r.call().word, r.call().color, Painter.TEXT, PILL, geo.pillLeft(), geo.pillWidth(), mid);
    }
  }

  /** The interval as a bar with end caps; an end past the axis (or unbounded) an arrow at the edge. */
  private static void bar(Graphics2D g, ForestChart.Row r, double mid, Painter.LogAxis axis, Color color) {
    double left = axis.bottom();
    double right = axis.top();
    boolean clipLow = !(r.ciLow() > 0) || r.ciLow() < axis.min();
    boolean clipHigh = !Double.isFinite(r.ciHigh()) || r.ciHigh() > axis.max();
    double x1 = clipLow ? left + 1 : axis.y(r.ciLow());
    double x2 = clipHigh ? right - 1 : axis.y(r.ciHigh());
    if (x2 - x1 < MARKER && !clipLow && !clipHigh) {
      return; // behind the marker: caps around it would read as a glitch (the caption says so)
    }
    g.setColor(color);
    g.setStroke(BAR);
    g.draw(new Line2D.Double(clipLow ? x1 + 8 : x1, mid, clipHigh ? x2 - 8 : x2, mid));
    g.setStroke(new BasicStroke(2f));
    for (double x : new double[] {x1, x2}) {
      boolean clipped = x == x1 ? clipLow : clipHigh;
      if (clipped) {
        arrow(g, x, mid, x == x1 ? -1 : 1);
      } else {
        g.draw(new Line2D.Double(x, mid - 5, x, mid + 5));
      }
    }
  }

  /** A filled arrowhead with its tip at {@code x}, pointing left (-1) or right (+1). */
  private static void arrow(Graphics2D g, double x, double mid, int direction) {
    Path2D.Double a = new Path2D.Double();
    a.moveTo(x, mid);
    a.lineTo(x - direction * 10, mid - 5.5);
    a.lineTo(x - direction * 10, mid + 5.5);
    a.closePath();
    g.fill(a);
  }

  /** Filled circle: slower or faster; filled diamond: no change; hollow circle: inconclusive (or no verdict). */
  static void marker(Graphics2D g, ForestChart.Call call, double x, double mid, Color color) {
    if (call == ForestChart.Call.NO_CHANGE) {
      Path2D.Double d = new Path2D.Double();
      d.moveTo(x, mid - 7);
      d.lineTo(x + 7, mid);
      d.lineTo(x, mid + 7);
      d.lineTo(x - 7, mid);
      d.closePath();
      g.setColor(color);
      g.fill(d);
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(1f));
      g.draw(d);
      return;
    }
    Ellipse2D.Double c = new Ellipse2D.Double(x - MARKER / 2, mid - MARKER / 2, MARKER, MARKER);
    boolean filled = call == ForestChart.Call.SLOWER || call == ForestChart.Call.FASTER;
    g.setColor(filled ? color : Color.WHITE);
    g.fill(c);
    g.setColor(filled ? Color.WHITE : color);
    g.setStroke(new BasicStroke(filled ? 1f : 2.2f));
    g.draw(c);
  }

  private static String note(ForestChart.Row r) {
    return r.note() == null ? "no ratio" : r.note();
  }

  /** A word on a rounded background, centred in the right-hand column: a verdict, or why there is none. */
  private static void pill(Graphics2D g, String text, Color background, Color color, Font font, int left, int w,
      double mid) {
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    String s = fit(text, w - 8, fm);
    g.setColor(background);
    g.fill(new RoundRectangle2D.Double(left, mid - 8, w, 16, 8, 8));
    g.setColor(color);
    g.drawString(s, (float) (left + (w - fm.stringWidth(s)) / 2.0), baseline(mid, fm));
  }

  private static void note(Graphics2D g, String text, double x, double mid) {
    g.setFont(NOTE_FONT);
    g.setColor(NOTE);
    g.drawString(text, (float) x, baseline(mid, g.getFontMetrics()));
  }

  /**
   * The finest 1-2-5 style ticks whose labels ("0.5×", "200×") keep {@link #TICK_GAP} between
   * them; where 1-2-5 is too dense, 1-3-10 before decades alone (a narrow plot over two decades).
   */
  static List<Double> ticks(Painter.LogAxis axis) {
    List<double[]> sets = new ArrayList<>(List.of(Painter.MANTISSAS));
    sets.add(sets.size() - 1, new double[] {1, 3});
    FontMetrics fm = Painter.metrics(Charts.TICKS);
    return axis.ticks(sets.toArray(double[][]::new), (a, b) -> Math.abs(axis.y(a) - axis.y(b))
        >= (fm.stringWidth(tickLabel(a)) + fm.stringWidth(tickLabel(b))) / 2.0 + TICK_GAP);
  }

  static String tickLabel(double v) {
    return Painter.number(v) + "×";
  }

  /** Tick labels above and below the plot, and the axis title under it. */
  private void tickLabels(Graphics2D g, Painter.LogAxis axis, List<Double> ticks, Geometry geo) {
    g.setFont(Charts.TICKS);
    g.setColor(Painter.TEXT);
    FontMetrics fm = g.getFontMetrics();
    for (double t : ticks) {
      String s = tickLabel(t);
      float x = (float) (axis.y(t) - fm.stringWidth(s) / 2.0);
      g.drawString(s, x, geo.plotTop() - 4 - fm.getDescent());
      g.drawString(s, x, geo.plotBottom() + 3 + fm.getAscent());
    }
    g.setFont(Charts.AXIS_TITLE);
    FontMetrics af = g.getFontMetrics();
    g.drawString(xTitle, (float) ((geo.plotLeft() + geo.plotRight() - af.stringWidth(xTitle)) / 2.0),
        geo.plotBottom() + fm.getHeight() + 6 + af.getAscent());
  }

  /** One legend item: its icon (22 px wide) and text. */
  private record Item(String text, java.util.function.BiConsumer<Graphics2D, double[]> icon) {}

  /**
   * The legend: the targets' colours, the verdicts' markers, then the band, the bar and the arrow;
   * each group on its own line, wrapping. Draws when {@code g} is not null; returns the y below it.
   */
  private int legend(Graphics2D g, int top) {
    List<List<Item>> groups = new ArrayList<>();
    List<Item> colours = new ArrayList<>();
    colours.add(new Item("target:", null));
    for (int i = 0; i < targets.size(); i++) {
      Color c = Palette.color(i);
      colours.add(new Item(targets.get(i), (gg, at) -> {
        gg.setColor(c);
        gg.setStroke(BAR);
        gg.draw(new Line2D.Double(at[0], at[1], at[0] + 22, at[1]));
        marker(gg, ForestChart.Call.SLOWER, at[0] + 11, at[1], c);
      }));
    }
    groups.add(colours);
    Color grey = new Color(0x555555);
    groups.add(List.of(new Item("verdict:", null),
        new Item(keyText(Key.CHANGE), (gg, at) -> marker(gg, ForestChart.Call.SLOWER, at[0] + 11, at[1], grey)),
        new Item(keyText(Key.NO_CHANGE), (gg, at) -> marker(gg, ForestChart.Call.NO_CHANGE, at[0] + 11, at[1], grey)),
        new Item(keyText(Key.INCONCLUSIVE),
            (gg, at) -> marker(gg, ForestChart.Call.INCONCLUSIVE, at[0] + 11, at[1], grey))));
    groups.add(List.of(
        new Item(keyText(Key.BAND), (gg, at) -> {
          gg.setColor(BAND);
          gg.fill(new Rectangle2D.Double(at[0] + 3, at[1] - 7, 16, 14));
        }),
        new Item(keyText(Key.BAR), (gg, at) -> {
          gg.setColor(grey);
          gg.setStroke(BAR);
          gg.draw(new Line2D.Double(at[0] + 1, at[1], at[0] + 21, at[1]));
          gg.setStroke(new BasicStroke(2f));
          gg.draw(new Line2D.Double(at[0] + 1, at[1] - 5, at[0] + 1, at[1] + 5));
          gg.draw(new Line2D.Double(at[0] + 21, at[1] - 5, at[0] + 21, at[1] + 5));
        }),
        new Item(keyText(Key.CLIPPED), (gg, at) -> {
          gg.setColor(grey);
          gg.setStroke(BAR);
          gg.draw(new Line2D.Double(at[0], at[1], at[0] + 12, at[1]));
          arrow(gg, at[0] + 22, at[1], 1);
        })));
    FontMetrics fm = Painter.metrics(Charts.LEGEND);
    int row = fm.getHeight() + 6;
    int y = top;
    for (List<Item> group : groups) {
      int x = MARGIN + 4;
      for (Item it : group) {
        int w = (it.icon() == null ? 0 : 28) + fm.stringWidth(it.text()) + 18;
        if (x + w > ForestChart.WIDTH - MARGIN && x > MARGIN + 4) {
          x = MARGIN + 4 + 60;
          y += row;
        }
        if (g != null) {
          double mid = y + row / 2.0;
          if (it.icon() != null) {
            it.icon().accept(g, new double[] {x, mid});
          }
          g.setFont(Charts.LEGEND);
          g.setColor(Painter.TEXT);
          g.drawString(it.text(), x + (it.icon() == null ? 0 : 28), baseline(mid, fm));
        }
        x += w;
      }
      y += row;
    }
    return y;
  }

  private static float baseline(double mid, FontMetrics fm) {
    return (float) (mid + (fm.getAscent() - fm.getDescent()) / 2.0);
  }

  /** The text, or as much of it as fits {@code width} with an ellipsis. */
  static String fit(String text, int width, FontMetrics fm) {
    if (fm.stringWidth(text) <= width) {
      return text;
    }
    String s = text;
    while (!s.isEmpty() && fm.stringWidth(s + "…") > width) {
      s = s.substring(0, s.length() - 1);
    }
    return s + "…";
  }
}
