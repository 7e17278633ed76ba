package io.virtpath.analysis.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.virtpath.analysis.read.Completeness;
import io.virtpath.analysis.read.RunData;
import io.virtpath.analysis.read.Skipped;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Row;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code summary.json}: the machine-readable result of a report. Format documented in
 * docs/results-format.md ("summary.json"); any change that breaks a reader bumps
 * {@link #FORMAT_VERSION}.
 */
@JsonPropertyOrder({"format_version", "baseline", "baseline_note", "settings", "inputs", "targets", "skipped", "notes",
    "headline", "results"})
public record Summary(
    @JsonProperty("format_version") int formatVersion,
    String baseline,
    @JsonProperty("baseline_note") String baselineNote,
    SettingsJson settings,
    List<Input> inputs,
    List<Target> targets,
    List<SkippedJson> skipped,
    List<String> notes,
    HeadlineTable headline,
    List<Row> results) {

  /**
   * 2: inputs[], targets' status fields, and rows for missing benchmarks (target_status, missing
   * ...). 3: {@code headline} (null when the inputs are files without a headline benchmark).
   * Still 3 with targets[]' {@code stated_kind}, {@code transport} and {@code warnings}: fields a
   * reader of 3 does not know, and nothing it knows changed.
   */
  public static final int FORMAT_VERSION = 3;

  @JsonPropertyOrder({"alpha", "threshold", "confidence", "power", "correction"})
  public record SettingsJson(double alpha, double threshold, double confidence, double power, String correction) {}

  /** One input (a run record, a lab, a plain file) and how it ended. */
  @JsonPropertyOrder({"id", "kind", "path", "status", "reason"})
  public record Input(String id, String kind, String path, String status, String reason) {}

  /**
   * One target. {@code stated_kind} and {@code transport} are a remote run's (remote.json), null
   * for every other input; {@code warnings} its warnings about the target, empty for the others.
   */
  @JsonPropertyOrder({"label", "source", "virtualization", "status", "reason", "benchmarks_planned",
      "benchmarks_done", "failed_benchmarks", "stated_kind", "transport", "warnings"})
  public record Target(String label, String source, String virtualization, String status, String reason,
      @JsonProperty("benchmarks_planned") Integer benchmarksPlanned,
      @JsonProperty("benchmarks_done") Integer benchmarksDone,
      @JsonProperty("failed_benchmarks") Map<String, String> failedBenchmarks,
      @JsonProperty("stated_kind") String statedKind,
      String transport,
      List<String> warnings) {}

  @JsonPropertyOrder({"path", "problem"})
  public record SkippedJson(String path, String problem) {}

  public static Summary of(Analysis a) {
    var s = a.settings();
    return new Summary(
        FORMAT_VERSION,
        a.baseline(),
        a.baselineNote(),
        new SettingsJson(s.alpha(), s.threshold(), s.confidence(), s.power(), s.correction().json()),
        a.runs().stream().map(Summary::input).toList(),
        a.targets().stream().map(Summary::target).toList(),
        a.skipped().stream().map(Summary::skipped).toList(),
        a.notes(),
        HeadlineTable.of(a),
        a.rows());
  }

  private static Input input(RunData r) {
    return new Input(r.id(), r.kind(), r.path().toString(), r.completeness().state().json(), r.completeness().reason());
  }

  private static Target target(TargetData t) {
    Completeness c = t.completeness();
    boolean recorded = c.state() != Completeness.State.UNRECORDED;
    return new Target(t.label(), t.source().toString(), t.virtualizationKind(), c.state().json(), c.reason(),
        recorded ? c.planned() : null, recorded ? c.done() : null,
        recorded ? new TreeMap<>(c.failed()) : null,
        t.remote() == null ? null : t.remote().kind(), t.remote() == null ? null : t.remote().transport(),
        t.warnings());
  }

  private static SkippedJson skipped(Skipped s) {
    return new SkippedJson(s.path().toString(), s.problem());
  }
}
