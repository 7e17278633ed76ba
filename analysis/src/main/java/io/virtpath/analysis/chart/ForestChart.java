package io.virtpath.analysis.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * The headline drawn: a forest plot with one row per path and target, the cost ratio as a point
 * and the interval its verdict rests on as a bar, on a log axis (2x slower as far from 1 as 2x
 * faster) with the line at 1x and the equivalence band (±threshold, where "no change" must lie)
 * shaded. Colour is the target's, as in every other chart; the marker is the verdict (filled
 * circle: slower or faster, filled diamond: no change, hollow circle: inconclusive), and the word
 * is beside the row on the headline table's verdict colour. A row without a ratio draws nothing and
 * says why in that column, an interval without a bound runs into an arrow at the axis's edge:
 * nothing unknown is drawn as if known. An interval narrower than its marker is hidden behind it.
 * Drawn by hand in {@link ForestDrawing}.
 */
public final class ForestChart {
  /** As wide as the other charts shown at their own size; the height grows with the rows. */
  static final int WIDTH = 800;

  private ForestChart() {}

  /** A verdict as the chart draws it: the word, the table's colour for it, the marker. */
  public enum Call {
    SLOWER("slower", new Color(0xF6C9B5)),
    FASTER("faster", new Color(0xBFE5D6)),
    NO_CHANGE("no change", ForestDrawing.BAND),
    INCONCLUSIVE("inconclusive", new Color(0xF3F3F3));

    final String word;
    final Color color;

    Call(String word, Color color) {
      this.word = word;
      this.color = color;
    }

    public String word() {
      return word;
    }
  }

  /**
   * One path and target.
   *
   * @param target index into the chart's targets: its colour is {@code Palette.color(target)}
   * @param ratio the cost ratio (above 1: slower); NaN when there is none
   * @param ciLow the interval the verdict rests on; NaN when there is none, 0 or NaN on one side
   *     only when it is unbounded there
   * @param note why there is no ratio ("not measured", "failed"); null when there is one
   */
  public record Row(String path, int target, double ratio, double ciLow, double ciHigh, Call call, String note) {
    public static Row missing(String path, int target, String note) {
      return new Row(path, target, Double.NaN, Double.NaN, Double.NaN, null, note);
    }

    boolean hasRatio() {
      return note == null && Double.isFinite(ratio) && ratio > 0;
    }

    /** An interval at all: both ends unknown is none; one end unknown is an unbounded side. */
    boolean hasInterval() {
      return hasRatio() && !(Double.isNaN(ciLow) && Double.isNaN(ciHigh));
    }
  }

  /**
   * @param targets the compared targets' legend names, in {@link Palette} order as in the overhead
   *     charts
   * @param rows grouped by path, in page order
   * @param margin the equivalence margin (0.05: the band is [1/1.05, 1.05])
   * @param interval what the bars are ("95 % interval")
   */
  public static Rendered render(String name, String title, String reference, List<String> targets, List<Row> rows,
      double margin, String interval) {
    ForestDrawing d = new ForestDrawing(title, "cost vs " + reference + " (×, log scale; above 1× = slower)",
        targets, rows, margin, interval);
    List<String> legend = new ArrayList<>(targets);
    for (ForestDrawing.Key k : ForestDrawing.Key.values()) {
      legend.add(d.keyText(k));
    }
    return Charts.render(name, title, d, legend);
  }

  /** "±5 %": how the margin is written in the legend and the caption. */
  public static String band(double margin) {
    String s = String.format(java.util.Locale.ROOT, "%.1f", margin * 100);
    return "±" + (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + " %";
  }
}
