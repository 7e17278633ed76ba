package io.virtpath.analysis.report;

import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Format;
import io.virtpath.analysis.result.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The headline as console text: one line per metric and compared target (a long table, so any
 * number of targets fits in {@link #WIDTH} columns), no colour codes. Printed by the CLI; the same
 * content as report.html's opening table.
 */
public final class HeadlineText {
  /** No line is longer: a terminal, a CI log, an e-mail. */
  public static final int WIDTH = 100;

  private static final int PATH = 25;
  private static final int FIGURE = 14;
  private static final int TARGET = 18;
  private static final int RATIO = 22;

  private HeadlineText() {}

  /**
   * The console table of {@code a}'s headline, then a remote run's warnings about its targets (a
   * stated virtio guest with an IDE disk reads wrong in every row above); empty when it has neither.
   */
  public static String of(Analysis a) {
    HeadlineTable t = HeadlineTable.of(a);
    String table = t == null ? "" : of(t);
    String warnings = warnings(a);
    return table.isEmpty() || warnings.isEmpty() ? table + warnings : table + "\n" + warnings;
  }

  /** {@code warning: vm101: stated kind 'virtio' but ...}, one line (wrapped) per warning; empty when none. */
  static String warnings(Analysis a) {
    StringBuilder b = new StringBuilder();
    for (TargetData t : a.targets()) {
      t.warnings().forEach(w -> b.append(fit("warning: " + t.label() + ": " + w)).append('\n'));
    }
    return b.toString();
  }

  public static String of(HeadlineTable t) {
    List<String> out = new ArrayList<>();
    String ref = t.reference();
    out.add(row("path", ref, "target", "cost ratio [interval]", "verdict"));
    out.add("-".repeat(PATH + FIGURE + TARGET + RATIO + 4 + "inconclusive".length()));
    for (HeadlineTable.Line l : t.rows()) {
      String path = l.path() + (l.statistic().equals("p50") ? " *" : "");
      String figure = l.figure() == null ? l.missing() : Format.number(l.figure()) + " " + l.unit();
      List<HeadlineTable.Cell> cells = new ArrayList<>(l.ratios());
      if (l.emulatedVsVirtio() != null) {
        cells.add(l.emulatedVsVirtio());
      }
      if (cells.isEmpty()) {
        out.add(row(path, figure, "", "", ""));
      }
      for (int i = 0; i < cells.size(); i++) {
        HeadlineTable.Cell c = cells.get(i);
        String target = c.target() + (c.note() == null ? "" : " **");
        out.add(row(i == 0 ? path : "", i == 0 ? figure : "", target, ratio(c), verdict(c)));
      }
    }
    out.add("");
    out.add(levelSentence(t));
    if (t.rows().stream().anyMatch(l -> l.statistic().equals("p50"))) {
      out.add("* the figure is the median of the latency histogram; its ratio and verdict compare means.");
    }
    out.add("accelerators: " + String.join(", ", t.targets().stream()
        .map(x -> x.label() + " " + x.accelerator()).toList()));
    List<HeadlineTable.Line> explained = t.rows().stream().filter(l -> !l.why().isEmpty()).toList();
    if (!explained.isEmpty()) {
      // one block after the table, so the table stays readable; report.html has the charts and every counter
      out.add("");
      List<Why.Cell> all = explained.stream().flatMap(l -> l.why().stream()).toList();
      String rounds = Why.rounds(all);
      out.add("why (from the counters" + (rounds == null ? "" : ", " + rounds) + "; descriptive, not tested):");
      for (HeadlineTable.Line l : explained) {
        out.add("  " + l.path());
        l.why().forEach(c -> out.add("    " + Why.label(c, all) + ": " + c.text()));
      }
    }
    return String.join("\n", out.stream().map(HeadlineText::fit).toList()) + "\n";
  }

  /** "Each verdict is read from the interval beside it: ..." or why there are no verdicts. */
  static String levelSentence(HeadlineTable t) {
    if (t.baseline() == null) {
      return "No verdicts: nothing was compared (one target, or no baseline).";
    }
    if (t.ratioCiLevel() == null) {
      return "No intervals: no comparison has 3 or more rounds or forks a side, so run-to-run variation is "
          + "unknown; a change is called only beyond " + String.format(Locale.ROOT, "%.0fx", t.forkBound())
          + " (the fork-to-fork bound), the rest is inconclusive.";
    }
    if (!t.simultaneous()) {
      long chance = Math.round(t.comparisons() * (1 - t.ratioCiLevel()));
      return "Each verdict is read from the " + percent(t.ratioCiLevel()) + " interval beside it, an interval "
          + "for that comparison alone: of the " + t.comparisons() + " comparisons of this report about "
          + (chance == 0 ? "none" : chance) + " may miss by chance (virtpath report --simultaneous: intervals that "
          + "hold for all together).";
    }
    return "Each verdict is read from the interval beside it: simultaneous " + percent(t.ratioCiLevel())
        + " intervals over the " + t.comparisons() + " comparison" + (t.comparisons() == 1 ? "" : "s")
        + " of this report.";
  }

  static String percent(double level) {
    String s = String.format(Locale.ROOT, "%.2f", level * 100).replaceAll("0+$", "").replaceAll("\\.$", "");
    return s + " %";
  }

  static String ratio(HeadlineTable.Cell c) {
    if (c.missing() != null) {
      return "";
    }
    return short3(c.ratio()) + (c.hasInterval() ? " [" + short3(c.ratioCiLow()) + ", " + short3(c.ratioCiHigh()) + "]"
        : " [no interval]");
  }

  static String verdict(HeadlineTable.Cell c) {
    if (c.missing() != null) {
      return c.missing();
    }
    return c.verdict() == null ? "" : c.verdict().json();
  }

  /** Three significant digits, enough to read a ratio and short enough for a column. */
  static String short3(Double v) {
    if (v == null || !Double.isFinite(v)) {
      return "n/a";
    }
    if (v >= 1000) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    // keep trailing zeros: "1.00" says "measured equal to three digits", "1" looks like a placeholder
    return String.format(Locale.ROOT, "%.3g", v);
  }

  private static String row(String path, String figure, String target, String ratio, String verdict) {
    return String.format(Locale.ROOT, "%-" + PATH + "s %-" + FIGURE + "s %-" + TARGET + "s %-" + RATIO + "s %s",
        cut(path, PATH), cut(figure, FIGURE), cut(target, TARGET), cut(ratio, RATIO), verdict).stripTrailing();
  }

  private static String cut(String s, int w) {
    return s.length() <= w ? s : s.substring(0, w - 1) + "…";
  }

  /**
   * Notes can be long: wrapped at {@link #WIDTH}, continuation lines indented two more than the
   * line itself (a wrapped "why" line stays under its target, not back under the path).
   */
  private static String fit(String line) {
    if (line.length() <= WIDTH) {
      return line;
    }
    String indent = " ".repeat(line.length() - line.stripLeading().length() + 2);
    StringBuilder b = new StringBuilder();
    String rest = line;
    while (rest.length() > WIDTH) {
      int cut = rest.lastIndexOf(' ', WIDTH);
      if (cut <= indent.length()) {
        cut = WIDTH;
      }
      b.append(rest, 0, cut).append('\n');
      rest = indent + rest.substring(cut).stripLeading();
    }
    return b.append(rest).toString();
  }

  static boolean significant(Verdict v) {
    return v == Verdict.SLOWER || v == Verdict.FASTER;
  }
}
