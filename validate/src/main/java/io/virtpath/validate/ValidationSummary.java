package io.virtpath.validate;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.virtpath.analysis.chart.OverheadChart;
import io.virtpath.analysis.chart.Rendered;
import io.virtpath.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a person and a tool get at the end: one validation.json at the top of the run directory
 * with every target's pairs (and the accelerator guests ran under), the ratio chart in charts/,
 * and the console table.
 */
public final class ValidationSummary {
  public static final int FORMAT_VERSION = 1;

  /** A target's validation and what ran it ("none" on this machine; "tcg" or "kvm" for guests). */
  public record Target(String label, String accelerator, TargetValidation validation) {}

  /** The top-level validation.json. */
  public record File(int formatVersion, String runId, String profile, List<TargetEntry> targets) {}

  /**
   * One target in the top-level validation.json: its pairs, and what the reader needs beside them.
   *
   * @param accelerator {@code tcg} or {@code kvm} for guests, null otherwise
   * @param virtualization what the target's fingerprint says it is
   * @param rounds the rounds planned
   */
  // alphabetic: the order this entry had when it was a sorted map, so that files stay byte-identical
  @JsonPropertyOrder(alphabetic = true)
  public record TargetEntry(
      String label, String accelerator, String virtualization, int rounds, List<PairResult> pairs) {

    static TargetEntry of(Target t) {
      TargetValidation v = t.validation();
      return new TargetEntry(t.label(), t.accelerator(), v.virtualization(), v.roundsPlanned(), v.pairs());
    }
  }

  private ValidationSummary() {}

  /** Reads {@code <runDir>/<label>/validation.json}; null when the target wrote none. */
  public static TargetValidation read(Path runDir, String label) throws IOException {
    Path f = runDir.resolve(label).resolve(ValidationRecord.FILE);
    return Files.exists(f) ? Json.read(f, TargetValidation.class) : null;
  }

  public static void write(Path runDir, String runId, String profile, List<Target> targets) throws IOException {
    Json.write(runDir.resolve(ValidationRecord.FILE), file(runId, profile, targets));
    if (!targets.isEmpty()) {
      chart(targets).writeTo(Files.createDirectories(runDir.resolve("charts")));
    }
  }

  static File file(String runId, String profile, List<Target> targets) {
    return new File(FORMAT_VERSION, runId, profile, targets.stream().map(TargetEntry::of).toList());
  }

  static Rendered chart(List<Target> targets) {
    List<String> categories = new ArrayList<>();
    for (PairResult p : targets.get(0).validation().pairs()) {
      categories.add(p.id() + " (" + p.band() + ")");
    }
    List<String> series = new ArrayList<>();
    OverheadChart.Bar[][] bars = new OverheadChart.Bar[targets.size()][categories.size()];
    for (int t = 0; t < targets.size(); t++) {
      Target target = targets.get(t);
      series.add(target.label() + (target.accelerator() == null ? "" : " (" + target.accelerator() + ")"));
      List<PairResult> pairs = target.validation().pairs();
      for (int c = 0; c < categories.size(); c++) {
        PairResult p = c < pairs.size() ? pairs.get(c) : null;
        bars[t][c] = p == null || p.ratio() == null ? OverheadChart.Bar.NONE
            : new OverheadChart.Bar(p.ratio(), p.ciLow() == null ? Double.NaN : p.ciLow(),
                p.ciHigh() == null ? Double.NaN : p.ciHigh());
      }
    }
    double top = 0;
    for (OverheadChart.Bar[] row : bars) {
      for (OverheadChart.Bar b : row) {
        if (Double.isFinite(b.ratio())) {
          top = Math.max(top, b.ratio());
        }
      }
    }
    // room for the bars and the bands (up to 1.15); intervals wider than that are cut at the top
    double yMax = Math.max(1.5, Math.min(3, Math.ceil(top * 1.2 * 10) / 10));
    return OverheadChart.ratios("validation", "virtpath / reference tool, per pair (95 % intervals, cut at the top)",
        "virtpath / reference (1 = same figure)", categories, series, bars, yMax);
  }
}
