package io.virtpath.validate;

import io.virtpath.runner.Progress;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The console table: one line per target and pair, for people (validation.json is for tools). */
public final class ValidationTable {
  private ValidationTable() {}

  public static void print(PrintStream out, List<ValidationSummary.Target> targets) {
    out.println();
    if (targets.isEmpty()) {
      out.println("no target produced a validation: see the targets' logs");
      return;
    }
    out.printf(Locale.ROOT, "%-10s %-20s %-9s %14s %14s %8s %17s %-11s %s%n", "target", "pair", "tool", "virtpath",
        "reference", "ratio", "95% CI", "target", "verdict");
    for (ValidationSummary.Target t : targets) {
      for (PairResult p : t.validation().pairs()) {
        out.printf(Locale.ROOT, "%-10s %-20s %-9s %14s %14s %8s %17s %-11s %s%n", t.label(), p.id(), p.tool(),
            mean(p.virtpath(), p.unit()), mean(p.referenceValues(), p.unit()),
            p.ratio() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", p.ratio()), ci(p), p.band(),
            p.verdict() + (p.failures().isEmpty() ? "" : " (" + p.failures().size() + " failed)"));
      }
    }
    out.println("virtpath and reference: mean over rounds; ratio: geometric mean of the per-round ratios.");
  }

  private static String mean(List<Double> values, String unit) {
    if (values.isEmpty()) {
      return "n/a";
    }
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return Progress.number(s / values.size()) + " " + unit.replace(" p50", "");
  }

  private static String ci(PairResult p) {
    if (p.ciLow() == null || p.ciHigh() == null) {
      return p.rounds().size() < 2 ? "(1 round)" : "n/a";
    }
    return String.format(Locale.ROOT, "[%.3f, %.3f]", p.ciLow(), p.ciHigh());
  }
}
