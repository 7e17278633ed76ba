package io.virtpath.analysis.result;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * One line of summary.json: one metric of one benchmark (+params) on one target, with its
 * comparison to the baseline target. Not-available numbers are null. Documented in
 * docs/results-format.md; sealed by a golden-file test.
 *
 * <p>A benchmark that another target (or the target's own manifest) has but this target has not
 * is a row too, with {@code missing} set and no numbers: it is listed, never left out.
 *
 * @param targetStatus the target's record status: complete, partial, failed, killed; null for
 *     plain files
 * @param missing null for a measured result; {@code failed} (the benchmark threw) or {@code not
 *     run} (never started, or absent from this input)
 * @param missingReason the failure's first line, or why it did not run
 */
@JsonPropertyOrder({
  "benchmark", "mode", "params", "metric", "target", "unit", "direction", "score", "ci_low", "ci_high", "n",
  "replicate", "dropped", "ratio_to_baseline", "ratio_ci_low", "ratio_ci_high", "ratio_ci_method", "p_value",
  "p_permutation", "effect_size", "p_adjusted", "significant", "ratio_ci_level", "verdict", "mde", "notes", "target_status", "missing",
  "missing_reason"
})
public record Row(
    String benchmark,
    String mode,
    Map<String, String> params,
    String metric,
    String target,
    String unit,
    String direction,
    Double score,
    @JsonProperty("ci_low") Double ciLow,
    @JsonProperty("ci_high") Double ciHigh,
    int n,
    String replicate,
    int dropped,
    @JsonProperty("ratio_to_baseline") Double ratio,
    @JsonProperty("ratio_ci_low") Double ratioCiLow,
    @JsonProperty("ratio_ci_high") Double ratioCiHigh,
    @JsonProperty("ratio_ci_method") String ratioCiMethod,
    @JsonProperty("p_value") Double pValue,
    @JsonProperty("p_permutation") Double pPermutation,
    @JsonProperty("effect_size") Double effectSize,
    @JsonProperty("p_adjusted") Double pAdjusted,
    Boolean significant,
    @JsonProperty("ratio_ci_level") Double ratioCiLevel,
    Verdict verdict,
    Double mde,
    List<String> notes,
    @JsonProperty("target_status") String targetStatus,
    String missing,
    @JsonProperty("missing_reason") String missingReason) {

  public static final String PRIMARY = "primary";
  public static final String FAILED = "failed";
  public static final String NOT_RUN = "not run";

  /** The row of a benchmark the target has no result for: {@link #FAILED} or {@link #NOT_RUN}. */
  public static Row missing(String benchmark, String mode, Map<String, String> params, String target,
      String targetStatus, String missing, String reason) {
    return new Row(benchmark, mode, params, PRIMARY, target, null, null, null, null, null, 0, null, 0, null, null,
        null, null, null, null, null, null, null, null, Verdict.MISSING, null, List.of(), targetStatus, missing, reason);
  }

  /** Whether this row stands for a missing result (not named isMissing: Jackson would hide {@code missing}). */
  public boolean lacksResult() {
    return missing != null;
  }

  /** A measured row of the primary metric (not a missing one). */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isMeasuredPrimary() {
    return isPrimary() && !lacksResult();
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isPrimary() {
    return PRIMARY.equals(metric);
  }

  public Row withAdjusted(Double adjusted, Boolean isSignificant) {
    return new Row(benchmark, mode, params, metric, target, unit, direction, score, ciLow, ciHigh, n, replicate,
        dropped, ratio, ratioCiLow, ratioCiHigh, ratioCiMethod, pValue, pPermutation, effectSize, adjusted,
        isSignificant, ratioCiLevel, verdict, mde, notes, targetStatus, missing, missingReason);
  }

  public Row withNotes(List<String> newNotes) {
    return new Row(benchmark, mode, params, metric, target, unit, direction, score, ciLow, ciHigh, n, replicate,
        dropped, ratio, ratioCiLow, ratioCiHigh, ratioCiMethod, pValue, pPermutation, effectSize, pAdjusted,
        significant, ratioCiLevel, verdict, mde, newNotes, targetStatus, missing, missingReason);
  }

  /** The decision and the confidence level of the ratio interval it was read from. */
  public Row withVerdict(Verdict v, Double level) {
    return new Row(benchmark, mode, params, metric, target, unit, direction, score, ciLow, ciHigh, n, replicate,
        dropped, ratio, ratioCiLow, ratioCiHigh, ratioCiMethod, pValue, pPermutation, effectSize, pAdjusted,
        significant, level, v, mde, notes, targetStatus, missing, missingReason);
  }

  public Row withTargetStatus(String status) {
    return new Row(benchmark, mode, params, metric, target, unit, direction, score, ciLow, ciHigh, n, replicate,
        dropped, ratio, ratioCiLow, ratioCiHigh, ratioCiMethod, pValue, pPermutation, effectSize, pAdjusted,
        significant, ratioCiLevel, verdict, mde, notes, status, missing, missingReason);
  }

  /** A number for JSON: null instead of NaN or an infinity. */
  static Double json(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static double num(Double v) {
    return v == null ? Double.NaN : v;
  }
}
