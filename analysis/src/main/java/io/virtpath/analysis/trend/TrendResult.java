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

  /** 2: change points by Welch's t-test on replicates (settings, series and change fields changed). */
  public static final int FORMAT_VERSION = 2;

  /**
   * How the change points were found.
   *
   * @param alpha family-wise significance level of each segment's search (Bonferroni over its
   *     candidate splits)
   * @param threshold smallest relative change reported as a change point (0.05 = 5 %)
   * @param minRuns fewest runs on each side of a change
   * @param confidence of every point's interval
   * @param method how splits are found and tested
   */
  // alphabetic, as in format 1
  @JsonPropertyOrder(alphabetic = true)
  public record Settings(double alpha, double threshold, @JsonProperty("min_runs") int minRuns, double confidence,
      String method) {}

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
   * @param n replicates behind the value
   * @param replicate what one replicate is: {@code rounds} (lab rounds, each the mean of its forks),
   *     {@code forks} (fork means) or {@code iterations} (of the run's only fork: they understate how
   *     much runs vary); null for a gap
   * @param missing null, or {@code failed} / {@code not run}
   */
  @JsonPropertyOrder({"run", "value", "ci_low", "ci_high", "n", "replicate", "missing", "missing_reason"})
  public record Point(int run, Double value, @JsonProperty("ci_low") Double ciLow,
      @JsonProperty("ci_high") Double ciHigh, int n, String replicate, String missing,
      @JsonProperty("missing_reason") String missingReason) {

    public static Point gap(int run, String missing, String reason) {
      return new Point(run, null, null, null, 0, null, missing, reason);
    }
  }

  /**
   * A change: {@code run} is the first run of the new level.
   *
   * @param meanBefore geometric mean of the replicates of the level before
   * @param meanAfter geometric mean of the replicates of the level after
   * @param relativeChange {@code meanAfter / meanBefore - 1}
   * @param pValue Welch's t-test of the split, on log replicates
   * @param candidates splits searched in the segment where this one was found
   * @param pAdjusted {@code min(1, pValue * candidates)}: what was compared with alpha
   * @param verdict {@code slower}, {@code faster}, or {@code changed} for units without a direction
   */
  @JsonPropertyOrder({"run", "run_id", "mean_before", "mean_after", "relative_change", "p_value", "candidates",
      "p_adjusted", "verdict"})
  public record Change(int run, @JsonProperty("run_id") String runId, @JsonProperty("mean_before") double meanBefore,
      @JsonProperty("mean_after") double meanAfter, @JsonProperty("relative_change") double relativeChange,
      @JsonProperty("p_value") double pValue, int candidates, @JsonProperty("p_adjusted") double pAdjusted,
      String verdict) {}

  /**
   * One metric's history.
   *
   * @param replicate what the change-point test used as replicates: {@code rounds}, {@code forks},
   *     {@code iterations}, or several of them joined by {@code +} when runs differ
   * @param untestedRuns the newest runs in which no change could have been found yet (too few runs
   *     after them); empty when every run could start a detected change
   * @param untested why, in words; null when every run could start a detected change
   * @param notes significant shifts within the threshold, runs left out, values that cannot be tested
   */
  @JsonPropertyOrder({"benchmark", "mode", "params", "target", "unit", "direction", "replicate", "points",
      "change_points", "untested_runs", "untested", "notes"})
  public record Series(String benchmark, String mode, Map<String, String> params, String target, String unit,
      String direction, String replicate, List<Point> points, @JsonProperty("change_points") List<Change> changePoints,
      @JsonProperty("untested_runs") List<Integer> untestedRuns, String untested, List<String> notes) {}
}
