package io.virtpath.analysis.read;

import io.virtpath.core.record.Fingerprint;
import java.nio.file.Path;
import java.util.List;

/**
 * One target's results: a target of a run record ({@code <run>/<label>/jmh.json}) or a plain JMH
 * JSON file.
 *
 * @param source the jmh.json or JMH file read (for a target without results: where it would be)
 * @param fingerprint the target's environment.json; null for plain JMH files or when unreadable
 * @param completeness what the run record says about this target (its targets[] entry)
 * @param remote what a remote run's remote.json says about it (stated kind, transport, warnings);
 *     null for every other input
 * @param counters the kernel and host counters per benchmark ({@link Counters#NONE} when there are none)
 */
public record TargetData(String label, Path source, List<BenchmarkResult> results, Fingerprint fingerprint,
    Completeness completeness, RemoteTarget remote, Counters counters) {

  public TargetData {
    counters = counters == null ? Counters.NONE : counters;
  }

  public TargetData(String label, Path source, List<BenchmarkResult> results, Fingerprint fingerprint,
      Completeness completeness, RemoteTarget remote) {
    this(label, source, results, fingerprint, completeness, remote, Counters.NONE);
  }

  public TargetData(String label, Path source, List<BenchmarkResult> results, Fingerprint fingerprint,
      Completeness completeness) {
    this(label, source, results, fingerprint, completeness, null);
  }

  /** A target nothing says anything about: a plain JMH, fio or iperf3 file. */
  public TargetData(String label, Path source, List<BenchmarkResult> results, Fingerprint fingerprint) {
    this(label, source, results, fingerprint, Completeness.UNRECORDED);
  }

  public TargetData withLabel(String newLabel) {
    return new TargetData(newLabel, source, results, fingerprint, completeness, remote, counters);
  }

  public TargetData withRemote(RemoteTarget r) {
    return new TargetData(label, source, results, fingerprint, completeness, r, counters);
  }

  public TargetData withCounters(Counters c) {
    return new TargetData(label, source, results, fingerprint, completeness, remote, c);
  }

  /** The remote run's warnings about this target (see {@link RemoteTarget}); empty for other inputs. */
  public List<String> warnings() {
    return remote == null ? List.of() : remote.warnings();
  }

  /** {@code virtualization.kind} of the fingerprint, or null. */
  public String virtualizationKind() {
    return fingerprint == null || fingerprint.virtualization() == null
        ? null
        : fingerprint.virtualization().kind();
  }

  /** The label with its completeness tag ({@code c1 [partial]}), for tables and chart legends. */
  public String marked() {
    return completeness.mark(label);
  }
}
