package io.virtpath.analysis.trend;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * {@code trend.json}: every metric's history and its change points. A change that could break a
 * reader bumps {@link #FORMAT_VERSION} (golden/trend.json seals the format).
 */
@JsonPropertyOrder({"format_version", "order", "settings", "runs", "series", "skipped", "notes"})
public record TrendResult(
    @JsonProperty("format_version") int formatVersion,
    String order,
    Settings settings,
    List<Run> runs,
    List<Series> series,
    List<String> skipped,
    List<String> notes) {

  public static final int FORMAT_VERSION = 1;

  /**
   * How the change points were found.
   *
   * @param alpha significance level of each split's test
   * @param permutations of the permutation test behind each split
   * @param confidence of every point's interval
   * @param method the change-point method: {@code e-divisive}
   */
  // alphabetic: the order these had when they were a sorted map, so that files stay byte-identical
  @JsonPropertyOrder(alphabetic = true)
  public record Settings(double alpha, int permutations, double confidence, String method) {}

  /**
   * A run in history order; {@code number} is 1-based.
   *
   * @param status the record's status: {@code complete}, {@code partial}, {@code failed},
   *     {@code killed} (its manifest still said running); null for plain files
   * @param incomplete what is incomplete (the run, its targets, failed benchmarks); empty when complete
   */
  @JsonPropertyOrder({"number", "id", "start_time", "path", "status", "incomplete"})
  public record Run(int number, String id, @JsonProperty("start_time") String startTime, String path, String status,
      List<String> incomplete) {
    /** Not named isIncomplete: Jackson would take it for the {@code incomplete} list's getter. */
    public boolean unfinished() {
      return !incomplete.isEmpty();
    }
  }

  /**
   * One run's estimate of the metric; null values when the run lacks it. A run that has the
   * series' target but not the benchmark is a gap: {@code missing} says why.
   *
   * @param missing null, or {@code failed} / {@code not run}
   */
  @JsonPropertyOrder({"run", "value", "ci_low", "ci_high", "n", "missing", "missing_reason"})
  public record Point(int run, Double value, @JsonProperty("ci_low") Double ciLow,
      @JsonProperty("ci_high") Double ciHigh, int n, String missing,
      @JsonProperty("missing_reason") String missingReason) {

    public static Point gap(int run, String missing, String reason) {
      return new Point(run, null, null, null, 0, missing, reason);
    }
  }

  /**
   * A change: {@code run} is the first run of the new level.
   *
   * @param relativeChange (after - before) / |before|
   * @param verdict {@code slower}, {@code faster}, or {@code changed} for units without a direction
   */
  @JsonPropertyOrder({"run", "run_id", "mean_before", "mean_after", "relative_change", "p_value", "verdict"})
  public record Change(int run, @JsonProperty("run_id") String runId, @JsonProperty("mean_before") double meanBefore,
      @JsonProperty("mean_after") double meanAfter, @JsonProperty("relative_change") double relativeChange,
      @JsonProperty("p_value") double pValue, String verdict) {}

  @JsonPropertyOrder({"benchmark", "mode", "params", "target", "unit", "direction", "points", "change_points"})
  public record Series(String benchmark, String mode, Map<String, String> params, String target, String unit,
      String direction, List<Point> points, @JsonProperty("change_points") List<Change> changePoints) {}
}
