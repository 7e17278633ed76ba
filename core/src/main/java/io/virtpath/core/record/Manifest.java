package io.virtpath.core.record;

import java.util.List;
import java.util.Map;

/**
 * {@code <run-dir>/manifest.json}: what was run, how, by which virtpath, and how it ended. One per
 * run directory; each target's results live in {@code <run-dir>/<label>/}.
 *
 * @param formatVersion bumped on any incompatible change of the run record layout
 * @param runId sortable by time: {@code yyyyMMdd-HHmmss-<4 hex>} in UTC
 * @param kind {@code run} (one target, this machine) or {@code lab}
 * @param startTime ISO-8601 UTC
 * @param endTime ISO-8601 UTC, null while running
 * @param reason why the status is not {@code complete}; null otherwise
 * @param options every option that shaped the numbers (JMH options as resolved, scratch, peer ...)
 */
public record Manifest(
    int formatVersion,
    String runId,
    String kind,
    String startTime,
    String endTime,
    RunStatus status,
    String reason,
    VirtpathVersion virtpath,
    String profile,
    List<String> suites,
    Map<String, Object> options,
    List<TargetEntry> targets) {

  public static final int FORMAT_VERSION = 1;

  /** The build that produced the record. */
  public record VirtpathVersion(String version, String gitCommit) {}

  /**
   * One target's record inside the run directory.
   *
   * @param label directory name of the target's record
   * @param benchmarksPlanned benchmarks the run meant to execute
   * @param benchmarksDone benchmarks with a result in jmh.json
   * @param failedBenchmarks benchmarks that threw, with the first line of their error
   */
  public record TargetEntry(
      String label,
      RunStatus status,
      String reason,
      int benchmarksPlanned,
      int benchmarksDone,
      Map<String, String> failedBenchmarks) {}

  public Manifest withStatus(RunStatus newStatus, String newReason, String newEndTime) {
    return new Manifest(
        formatVersion, runId, kind, startTime, newEndTime, newStatus, newReason, virtpath, profile,
        suites, options, targets);
  }

  /** The same manifest with one more (or a replaced) entry in {@code options}. */
  public Manifest withOption(String key, Object value) {
    java.util.Map<String, Object> o = new java.util.LinkedHashMap<>(options);
    o.put(key, value);
    return new Manifest(
        formatVersion, runId, kind, startTime, endTime, status, reason, virtpath, profile, suites, o, targets);
  }

  public Manifest withTargets(List<TargetEntry> newTargets) {
    return new Manifest(
        formatVersion, runId, kind, startTime, endTime, status, reason, virtpath, profile, suites,
        options, newTargets);
  }
}
