package io.virtpath.analysis.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.virtpath.analysis.read.BenchmarkResult;
import io.virtpath.analysis.read.ScoreUnit;
import io.virtpath.analysis.read.TargetData;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Row;
import io.virtpath.analysis.result.Verdict;
import io.virtpath.core.record.Fingerprint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The headline of a report: per {@link Headline} metric, the reference target's figure and every
 * other target's cost ratio to it with the interval and verdict the analysis gave it. The same
 * table is report.html's opening table, summary.json's {@code headline} and the console's (via
 * {@link HeadlineText}).
 *
 * @param reference the target whose figures are shown: the baseline, or the only target
 * @param baseline the baseline; null when nothing was compared (then there are no ratios)
 * @param ratioCiLevel the level of the ratio intervals the verdicts rest on (Row.ratioCiLevel);
 *     null when nothing was compared
 * @param comparisons how many comparisons of the report that level is simultaneous over (those
 *     with three or more independent replicates a side: the family's tests)
 * @param simultaneous whether the level holds for all those comparisons together (Bonferroni) or
 *     for each on its own ({@code virtpath report}'s and the lab's default)
 * @param forkBound the ratio beyond which a comparison without an interval is still called
 * @param targets every target, reference first, with its accelerator
 * @param rows one per headline metric, in {@link Headline#METRICS} order; none left out
 */
@JsonPropertyOrder({"reference", "baseline", "ratio_ci_level", "comparisons", "simultaneous", "fork_bound", "targets", "rows",
    "notes"})
public record HeadlineTable(
    String reference,
    String baseline,
    @JsonProperty("ratio_ci_level") Double ratioCiLevel,
    int comparisons,
    boolean simultaneous,
    @JsonProperty("fork_bound") double forkBound,
    List<Target> targets,
    List<Line> rows,
    List<String> notes) {

  /** Written when a row's benchmark ran nowhere, or the reference has no result for it. */
  public static final String NOT_MEASURED = "not measured";

  /** A target: {@code accelerator} is its fingerprint's virtualization ("qemu-tcg (qemu)"). */
  @JsonPropertyOrder({"label", "accelerator", "status"})
  public record Target(String label, String accelerator, String status) {}

  /**
   * One headline metric.
   *
   * @param figure the reference's figure (its mean, or for {@link Headline.Statistic#P50} the
   *     median of its merged histogram) in the record's unit; null when not measured
   * @param ratios one per non-reference target, in {@link #targets} order
   * @param emulatedVsVirtio emulated's cost relative to virtio, when both ran it: the analysis's
   *     cross row, decided in the same family as every other cell
   * @param why per target with counters for this metric, what an operation cost ({@link Why});
   *     left out of the JSON when no target has counters
   */
  @JsonPropertyOrder({"path", "benchmark", "mode", "statistic", "unit", "figure", "missing", "ratios",
      "emulated_vs_virtio", "why"})
  public record Line(String path, String benchmark, String mode, String statistic, String unit, Double figure,
      String missing, List<Cell> ratios, @JsonProperty("emulated_vs_virtio") Cell emulatedVsVirtio,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Why.Cell> why) {

    public Line {
      why = why == null ? List.of() : List.copyOf(why);
    }
  }

  /**
   * A cost ratio (&gt; 1: {@code target} is slower than what it is compared with), its interval and
   * verdict; {@code missing} says why there is none ("not measured", "failed", "not run").
   */
  @JsonPropertyOrder({"target", "ratio", "ratio_ci_low", "ratio_ci_high", "ratio_ci_level", "verdict", "missing",
      "note"})
  public record Cell(String target, Double ratio, @JsonProperty("ratio_ci_low") Double ratioCiLow,
      @JsonProperty("ratio_ci_high") Double ratioCiHigh, @JsonProperty("ratio_ci_level") Double ratioCiLevel,
      Verdict verdict, String missing, String note) {

    static Cell missing(String target, String why) {
      return new Cell(target, null, null, null, null, Verdict.MISSING, why, null);
    }

    @JsonIgnore
    public boolean hasInterval() {
      return ratioCiLow != null && ratioCiHigh != null;
    }
  }

  /**
   * The headline of {@code a}; null when the inputs are files (plain JMH, fio, iperf3) none of
   * which has a headline benchmark: a run record always gets one, with its gaps marked.
   */
  public static HeadlineTable of(Analysis a) {
    boolean anyHeadline = Headline.METRICS.stream().anyMatch(m -> a.rows().stream().anyMatch(r -> matches(r, m)));
    boolean record = a.runs().stream().anyMatch(r -> !r.fromFiles());
    if (a.targets().isEmpty() || (!anyHeadline && !record)) {
      return null;
    }
    String reference = a.baseline() != null ? a.baseline() : a.targets().get(0).label();
    List<TargetData> ordered = new ArrayList<>();
    ordered.add(a.target(reference));
    a.targets().stream().filter(t -> !t.label().equals(reference)).forEach(ordered::add);
    List<Row> compared = java.util.stream.Stream.concat(a.rows().stream(), a.crossRows().stream())
        .filter(r -> r.isMeasuredPrimary() && r.ratioCiLevel() != null).toList();
    Double level = compared.stream().map(Row::ratioCiLevel).filter(l -> l != null).max(Comparator.naturalOrder())
        .orElse(null);
    List<String> notes = new ArrayList<>();
    if (compared.stream().map(Row::ratioCiLevel).distinct().count() > 1) {
      notes.add("the comparisons' intervals have different levels; each cell gives its own");
    }
    List<Line> lines = new ArrayList<>();
    for (Headline.Metric m : Headline.METRICS) {
      lines.add(line(a, m, reference, ordered, level));
    }
    return new HeadlineTable(reference, a.baseline(), level, compared.size(), a.settings().simultaneous(),
        a.settings().forkBound(),
        ordered.stream().map(HeadlineTable::target).toList(), lines, notes);
  }

  private static Line line(Analysis a, Headline.Metric m, String reference, List<TargetData> ordered, Double level) {
    Row ref = primary(a, m, reference);
    Double figure = null;
    String unit = null;
    if (ref != null && !ref.lacksResult()) {
      unit = ref.unit();
      figure = m.statistic() == Headline.Statistic.P50 ? median(a.target(reference), m, ref) : ref.score();
    }
    boolean anywhere = a.rows().stream().anyMatch(r -> matches(r, m) && !r.lacksResult());
    List<Cell> ratios = new ArrayList<>();
    if (a.baseline() != null) {
      for (TargetData t : ordered.subList(1, ordered.size())) {
        Row r = primary(a, m, t.label());
        ratios.add(r == null ? Cell.missing(t.label(), NOT_MEASURED)
            : r.lacksResult() ? Cell.missing(t.label(), r.missing())
            : new Cell(t.label(), r.ratio(), r.ratioCiLow(), r.ratioCiHigh(), r.ratioCiLevel(), r.verdict(), null,
                null));
      }
    }
    return new Line(m.path(), m.benchmark(), m.mode(), m.statistic().json(), unit, figure,
        figure != null ? null : anywhere && ref != null && ref.lacksResult() ? ref.missing() : NOT_MEASURED,
        ratios, emulatedVsVirtio(a, m), Why.cells(m, ordered));
  }

  /** Whether a row is the primary metric of {@code m}'s benchmark (any params: the suites have none). */
  static boolean matches(Row r, Headline.Metric m) {
    return r.isPrimary() && m.benchmark().equals(r.benchmark()) && m.mode().equals(r.mode());
  }

  private static Row primary(Analysis a, Headline.Metric m, String target) {
    return a.rows().stream().filter(r -> matches(r, m) && r.target().equals(target)).findFirst().orElse(null);
  }

  private static BenchmarkResult result(TargetData t, Headline.Metric m) {
    return t == null ? null : t.results().stream().filter(r -> r.key().benchmark().equals(m.benchmark())
        && r.key().mode().equals(m.mode())).findFirst().orElse(null);
  }

  /** The median of the reference's merged SampleTime histogram, in its row's unit; its mean without one. */
  private static Double median(TargetData t, Headline.Metric m, Row row) {
    BenchmarkResult r = result(t, m);
    if (r == null || !r.primary().hasHistograms()) {
      return row.score();
    }
    ScoreUnit unit = ScoreUnit.parse(row.unit());
    double v = r.primary().mergedHistogram().scaled(r.primary().unit().factorTo(unit)).percentile(0.5);
    return Double.isFinite(v) ? v : null;
  }

  /**
   * Emulated's cost relative to virtio: the analysis's cross row (same family, same level, same
   * verdict rule as every other cell).
   */
  private static Cell emulatedVsVirtio(Analysis a, Headline.Metric m) {
    if (a.target(Headline.EMULATED) == null || a.target(Headline.VIRTIO) == null) {
      return null;
    }
    String target = Analyzer.EMULATED_VS_VIRTIO;
    Row r = a.crossRows().stream().filter(x -> matches(x, m)).findFirst().orElse(null);
    if (r == null || r.ratio() == null) {
      return Cell.missing(target, NOT_MEASURED);
    }
    return new Cell(target, r.ratio(), r.ratioCiLow(), r.ratioCiHigh(), r.ratioCiLevel(), r.verdict(), null, null);
  }

  private static Target target(TargetData t) {
    return new Target(t.label(), accelerator(t.fingerprint()), t.completeness().state().json());
  }

  /** The fingerprint's virtualization: {@code qemu-tcg (qemu)}, {@code kvm (firecracker)}, {@code none}. */
  static String accelerator(Fingerprint f) {
    if (f == null || f.virtualization() == null) {
      return "unknown";
    }
    var v = f.virtualization();
    return v.kind() + (v.detail() == null ? "" : " (" + v.detail() + ")");
  }
}
