package io.virtpath.analysis.compare;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.virtpath.analysis.result.Verdict;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code virtpath compare} found: what it printed as text, or as JSON with
 * {@code --format json}.
 *
 * @param pairs "A label -> B label" of the targets compared
 * @param fingerprintDifferences per pair, the differing fingerprint fields ("field: a -> b")
 * @param aIncomplete A's runs and targets that are partial, failed or were killed; empty when complete
 * @param onlyInA benchmarks A has and B does not (per pair: "target: benchmark"); each is also a
 *     result with verdict {@code missing} that says why
 */
@JsonPropertyOrder({"a", "b", "a_incomplete", "b_incomplete", "settings", "pairs", "counts", "results", "only_in_a",
    "only_in_b", "fingerprint_differences", "skipped", "notes"})
public record CompareOutcome(
    String a,
    String b,
    @JsonProperty("a_incomplete") List<Incomplete> aIncomplete,
    @JsonProperty("b_incomplete") List<Incomplete> bIncomplete,
    Map<String, Object> settings,
    List<String> pairs,
    Map<String, Integer> counts,
    List<CompareResult> results,
    @JsonProperty("only_in_a") List<String> onlyInA,
    @JsonProperty("only_in_b") List<String> onlyInB,
    @JsonProperty("fingerprint_differences") Map<String, List<String>> fingerprintDifferences,
    List<String> skipped,
    List<String> notes) {

  /**
   * An incomplete run ({@code target} null) or target of one side.
   *
   * @param status {@code partial}, {@code failed} or {@code killed} (its manifest still said running)
   */
  @JsonPropertyOrder({"id", "kind", "path", "target", "status", "reason"})
  public record Incomplete(String id, String kind, String path, String target, String status, String reason) {}

  @JsonIgnore
  public boolean hasRegression() {
    return results.stream().anyMatch(r -> r.verdict() == Verdict.SLOWER);
  }

  /**
   * Benchmarks that A measured and B failed (threw): a gate treats a benchmark that now crashes as
   * a regression, not as something to skip.
   */
  @JsonIgnore
  public List<String> failedOnlyInB() {
    return results.stream()
        .filter(r -> r.verdict() == Verdict.MISSING && "B".equals(r.missingIn()) && "failed".equals(r.missing()))
        .map(r -> io.virtpath.analysis.read.BenchmarkKey.of(r.benchmark(), r.mode(), r.params()).label())
        .toList();
  }
}
