package io.virtpath.analysis.result;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * One line of summary.json: one metric of one benchmark (+params) on one target, with its
 * comparison to the baseline target. Not-available numbers are null. Documented in
 * docs/results-format.md; sealed by a golden-file test.
 */
@JsonPropertyOrder({
  "benchmark", "mode", "params", "metric", "target", "unit", "direction", "score", "ci_low", "ci_high", "n",
  "replicate", "dropped", "ratio_to_baseline", "ratio_ci_low", "ratio_ci_high", "ratio_ci_method", "p_value",
  "p_permutation", "effect_size", "p_adjusted", "significant", "mde", "notes"
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
    Double mde,
    List<String> notes) {

  public static final String PRIMARY = "primary";

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isPrimary() {
    return PRIMARY.equals(metric);
  }

  public Row withAdjusted(Double adjusted, Boolean isSignificant) {
    return new Row(benchmark, mode, params, metric, target, unit, direction, score, ciLow, ciHigh, n, replicate,
        dropped, ratio, ratioCiLow, ratioCiHigh, ratioCiMethod, pValue, pPermutation, effectSize, adjusted,
        isSignificant, mde, notes);
  }

  public Row withNotes(List<String> newNotes) {
    return new Row(benchmark, mode, params, metric, target, unit, direction, score, ciLow, ciHigh, n, replicate,
        dropped, ratio, ratioCiLow, ratioCiHigh, ratioCiMethod, pValue, pPermutation, effectSize, pAdjusted,
        significant, mde, newNotes);
  }

  /** A number for JSON: null instead of NaN or an infinity. */
  static Double json(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static double num(Double v) {
    return v == null ? Double.NaN : v;
  }
}
