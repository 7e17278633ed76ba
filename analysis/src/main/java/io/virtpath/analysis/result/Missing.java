package io.virtpath.analysis.result;

import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.read.TargetData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Benchmarks a target has no result for, and why: it failed (its manifest has the error), or it
 * did not run (the target was interrupted, killed or failed before it, or the input simply does
 * not have it). Reports, compare and trend list them instead of letting them vanish.
 */
public final class Missing {
  private Missing() {}

  /** {@code failed} or {@code not run}: the manifest knows which benchmarks failed. */
  public static String kind(TargetData t, String benchmark) {
    return t.completeness().failure(benchmark) != null ? Row.FAILED : Row.NOT_RUN;
  }

  /** The failure's first line, or why the benchmark did not run. */
  public static String reason(TargetData t, String benchmark) {
    String failure = t.completeness().failure(benchmark);
    if (failure != null) {
      return failure;
    }
    return t.completeness().incomplete() ? "target " + t.completeness().describe() : "not in " + t.source();
  }

  /** {@code missing (failed: reason)} / {@code missing (not run: reason)}: one phrase for people. */
  public static String text(String kind, String reason) {
    return "missing (" + kind + (reason == null ? "" : ": " + reason) + ")";
  }

  public static Row row(String benchmark, String mode, Map<String, String> params, TargetData t) {
    return Row.missing(benchmark, mode, params, t.label(), t.completeness().state().json(), kind(t, benchmark),
        reason(t, benchmark));
  }

  /**
   * Rows for benchmarks that failed on a target and have no result on any target: nothing else
   * names them, so they get a row of their own (mode and params unknown: a failed benchmark left
   * no result to read them from).
   */
  public static List<Row> failedElsewhere(List<TargetData> targets, Collection<BenchmarkKey> keys) {
    List<Row> out = new ArrayList<>();
    for (TargetData t : targets) {
      for (String benchmark : t.completeness().failed().keySet().stream().sorted().toList()) {
        if (keys.stream().noneMatch(k -> k.benchmark().equals(benchmark))) {
          out.add(row(benchmark, null, Map.of(), t));
        }
      }
    }
    return out;
  }
}
