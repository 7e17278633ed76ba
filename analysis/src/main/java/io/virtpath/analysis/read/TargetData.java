package io.virtpath.analysis.read;

import io.virtpath.core.record.Fingerprint;
import java.nio.file.Path;
import java.util.List;

/**
 * One target's results: a target of a run record ({@code <run>/<label>/jmh.json}) or a plain JMH
 * JSON file.
 *
 * @param source the jmh.json or JMH file read
 * @param fingerprint the target's environment.json; null for plain JMH files or when unreadable
 */
public record TargetData(String label, Path source, List<BenchmarkResult> results, Fingerprint fingerprint) {

  public TargetData withLabel(String newLabel) {
    return new TargetData(newLabel, source, results, fingerprint);
  }

  /** {@code virtualization.kind} of the fingerprint, or null. */
  public String virtualizationKind() {
    return fingerprint == null || fingerprint.virtualization() == null
        ? null
        : fingerprint.virtualization().kind();
  }
}
