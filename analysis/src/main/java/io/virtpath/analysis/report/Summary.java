package io.virtpath.analysis.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.virtpath.analysis.read.Skipped;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Row;
import java.util.List;

/**
 * {@code summary.json}: the machine-readable result of a report. Format documented in
 * docs/results-format.md ("summary.json"); any change that breaks a reader bumps
 * {@link #FORMAT_VERSION}.
 */
@JsonPropertyOrder({"format_version", "baseline", "baseline_note", "settings", "targets", "skipped", "notes", "results"})
public record Summary(
    @JsonProperty("format_version") int formatVersion,
    String baseline,
    @JsonProperty("baseline_note") String baselineNote,
    SettingsJson settings,
    List<Target> targets,
    List<SkippedJson> skipped,
    List<String> notes,
    List<Row> results) {

  public static final int FORMAT_VERSION = 1;

  @JsonPropertyOrder({"alpha", "threshold", "confidence", "power", "correction"})
  public record SettingsJson(double alpha, double threshold, double confidence, double power, String correction) {}

  @JsonPropertyOrder({"label", "source", "virtualization"})
  public record Target(String label, String source, String virtualization) {}

  @JsonPropertyOrder({"path", "problem"})
  public record SkippedJson(String path, String problem) {}

  public static Summary of(Analysis a) {
    var s = a.settings();
    return new Summary(
        FORMAT_VERSION,
        a.baseline(),
        a.baselineNote(),
        new SettingsJson(s.alpha(), s.threshold(), s.confidence(), s.power(), s.correction().json()),
        a.targets().stream().map(Summary::target).toList(),
        a.skipped().stream().map(Summary::skipped).toList(),
        a.notes(),
        a.rows());
  }

  private static Target target(TargetData t) {
    return new Target(t.label(), t.source().toString(), t.virtualizationKind());
  }

  private static SkippedJson skipped(Skipped s) {
    return new SkippedJson(s.path().toString(), s.problem());
  }
}
