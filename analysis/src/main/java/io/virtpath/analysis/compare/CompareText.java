package io.virtpath.analysis.compare;

import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.result.Format;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.result.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The console form of a comparison: a table a person scans, then the totals and the exit reason. */
public final class CompareText {
  private CompareText() {}

  public static String render(CompareOutcome o) {
    StringBuilder b = new StringBuilder();
    b.append("A: ").append(o.a()).append('\n');
    incomplete(b, "A", o.aIncomplete());
    b.append("B: ").append(o.b()).append('\n');
    incomplete(b, "B", o.bIncomplete());
    b.append("targets: ").append(String.join(", ", o.pairs())).append('\n');
    b.append(String.format(Locale.ROOT, "B against A; threshold %s; %s%n",
        Settings.percent((Double) o.settings().get("threshold")), levelSentence(o)));
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"benchmark", "A", "B", "unit", "change", "interval", "verdict"});
    for (CompareResult r : o.results()) {
      BenchmarkKey k = BenchmarkKey.of(r.benchmark(), r.mode(), r.params());
      String name = k.label() + (o.pairs().size() > 1 ? " @" + r.target() : "");
      lines.add(new String[] {
        name,
        r.a() == null ? "missing" : Format.number(num(r.a().score())),
        r.b() == null ? "missing" : Format.number(num(r.b().score())),
        r.unit() == null ? "" : r.unit(),
        r.ratio() == null ? "n/a" : Format.cost(r.ratio()),
        r.ratioCiLow() == null || r.ratioCiHigh() == null ? "-" : Format.ratioRange(r.ratioCiLow(), r.ratioCiHigh()),
        r.verdict().json().toUpperCase(Locale.ROOT)
      });
    }
    int[] w = new int[7];
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        w[i] = Math.max(w[i], l[i].length());
      }
    }
    for (String[] l : lines) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < l.length; i++) {
        boolean right = i == 1 || i == 2 || i == 5;
        line.append(right ? pad(l[i], w[i], true) : pad(l[i], w[i], false)).append(i < l.length - 1 ? "  " : "");
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    for (CompareResult r : o.results()) {
      List<String> notes = r.notes().stream().filter(n -> !n.startsWith("fingerprint differs")).toList();
      if (!notes.isEmpty()) {
        b.append("  ").append(BenchmarkKey.of(r.benchmark(), r.mode(), r.params()).label()).append(": ")
            .append(String.join("; ", notes)).append('\n');
      }
    }
    List<CompareResult> moved = o.results().stream().filter(r -> !r.counterChanges().isEmpty()).toList();
    if (!moved.isEmpty()) {
      b.append("\nCounters that changed (A -> B; means, no interval: descriptive, the verdict rests on the score's ")
          .append("interval; listed at x").append(CounterChanges.RATIO).append(" or more and a change that matters):\n");
      for (CompareResult r : moved) {
        b.append("  ").append(BenchmarkKey.of(r.benchmark(), r.mode(), r.params()).label())
            .append(o.pairs().size() > 1 ? " @" + r.target() : "").append(" [").append(r.verdict().json())
            .append("]\n");
        r.counterChanges().forEach(c -> b.append("    ").append(c.text()).append('\n'));
      }
    }
    if (!o.fingerprintDifferences().isEmpty()) {
      b.append("\nFingerprint differences (A -> B) that may explain the results:\n");
      o.fingerprintDifferences().forEach((pair, diffs) -> diffs.forEach(d -> b.append("  ")
          .append(o.pairs().size() > 1 ? pair + ": " : "").append(d).append('\n')));
    }
    if (!o.onlyInA().isEmpty()) {
      b.append("\nOnly in A (not compared): ").append(String.join(", ", o.onlyInA())).append('\n');
    }
    if (!o.onlyInB().isEmpty()) {
      b.append("Only in B (not compared): ").append(String.join(", ", o.onlyInB())).append('\n');
    }
    o.skipped().forEach(s -> b.append("skipped ").append(s).append('\n'));
    o.notes().forEach(n -> b.append("note: ").append(n).append('\n'));
    b.append(String.format(Locale.ROOT, "%nSummary: %d slower, %d faster, %d no change, %d inconclusive, %d missing%n",
        o.counts().get("slower"), o.counts().get("faster"), o.counts().get("no change"),
        o.counts().get("inconclusive"), o.counts().get("missing")));
    if (!o.aIncomplete().isEmpty() || !o.bIncomplete().isEmpty()) {
      b.append("Incomplete input: ").append(!o.aIncomplete().isEmpty() && !o.bIncomplete().isEmpty() ? "A and B are"
          : !o.aIncomplete().isEmpty() ? "A is" : "B is")
          .append(" not a complete record; its missing benchmarks are not compared.\n");
    }
    return b.toString();
  }

  /**
   * The one sentence that says which interval the verdicts rest on: the family's simultaneous
   * level, or that no benchmark had the replicates for one.
   */
  static String levelSentence(CompareOutcome o) {
    double alpha = ((Number) o.settings().get("alpha")).doubleValue();
    long tested = o.results().stream().filter(r -> r.ratioCiLow() != null).count();
    if (tested == 0) {
      return "no benchmark has 3 or more forks a side, so no interval is drawn: a change is called only beyond "
          + "the fork-to-fork bound (" + o.settings().get("fork_bound") + "x)";
    }
    double level = o.results().stream().filter(r -> r.ratioCiLevel() != null).findFirst().orElseThrow()
        .ratioCiLevel();
    return String.format(Locale.ROOT, "each verdict is read from the interval beside it: simultaneous %s "
        + "intervals over the %d benchmarks with 3 or more forks a side (family-wise error %s)",
        Settings.percent(level), tested, Settings.percent(alpha));
  }

  /** Says, right under the path, that a side is partial, failed or was killed, and which targets. */
  private static void incomplete(StringBuilder b, String side, List<CompareOutcome.Incomplete> list) {
    for (CompareOutcome.Incomplete i : list) {
      b.append("   ").append(side).append(" INCOMPLETE: ")
          .append(i.target() == null ? i.kind() + " " + i.id() : "target " + i.target())
          .append(": ").append(i.reason()).append('\n');
    }
  }

  private static String pad(String s, int w, boolean right) {
    String fill = " ".repeat(Math.max(0, w - s.length()));
    return right ? fill + s : s + fill;
  }

  private static double num(Double d) {
    return d == null ? Double.NaN : d;
  }
}
