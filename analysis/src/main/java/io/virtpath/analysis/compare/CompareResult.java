package io.virtpath.analysis.compare;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.virtpath.analysis.result.Verdict;
import java.util.List;
import java.util.Map;

/**
 * One benchmark compared: A's and B's estimates, B's cost ratio against A (above 1 = B slower),
 * the tests and the verdict. A benchmark one side has no result for has verdict {@code missing},
 * that side null, and says which side lacks it and why.
 *
 * @param missingIn {@code A}, {@code B} or {@code A and B}; null when both sides were measured
 * @param missing {@code failed} or {@code not run} (for the side that lacks it)
 * @param missingReason the failure's first line, or why it did not run
 * @param counterChanges the counters that moved between A and B ({@link CounterChanges}): descriptive,
 *     the verdict rests on the score's interval; left out of the JSON when none did
 */
@JsonPropertyOrder({"benchmark", "mode", "params", "target", "unit", "direction", "a", "b", "ratio", "ratio_ci_low",
    "ratio_ci_high", "ratio_ci_level", "p_value", "p_adjusted", "effect_size", "mde", "verdict", "notes", "missing_in", "missing",
    "missing_reason", "counter_changes"})
public record CompareResult(
    String benchmark,
    String mode,
    Map<String, String> params,
    String target,
    String unit,
    String direction,
    Side a,
    Side b,
    Double ratio,
    @JsonProperty("ratio_ci_low") Double ratioCiLow,
    @JsonProperty("ratio_ci_high") Double ratioCiHigh,
    @JsonProperty("ratio_ci_level") Double ratioCiLevel,
    @JsonProperty("p_value") Double pValue,
    @JsonProperty("p_adjusted") Double pAdjusted,
    @JsonProperty("effect_size") Double effectSize,
    Double mde,
    Verdict verdict,
    List<String> notes,
    @JsonProperty("missing_in") String missingIn,
    String missing,
    @JsonProperty("missing_reason") String missingReason,
    @JsonProperty("counter_changes") @JsonInclude(JsonInclude.Include.NON_EMPTY)
    List<CounterChanges.Change> counterChanges) {

  public CompareResult {
    counterChanges = counterChanges == null ? List.of() : List.copyOf(counterChanges);
  }

  /** One side's estimate. */
  @JsonPropertyOrder({"score", "ci_low", "ci_high", "n", "replicate"})
  public record Side(Double score, @JsonProperty("ci_low") Double ciLow, @JsonProperty("ci_high") Double ciHigh,
      int n, String replicate) {}
}
