package io.virtpath.analysis.read;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One run: a run record (its targets), a plain JMH JSON file (one target), a fio or iperf3 JSON
 * file (one target), or a directory of fio/iperf3 outputs (one target, the files its replicates).
 *
 * @param id the run id, or the file (directory) name of a plain file (directory of outputs)
 * @param kind {@code run}, {@code lab} (from the manifest), {@code jmh} for a plain JMH file,
 *     {@code fio} or {@code iperf3} for their outputs ({@code fio+iperf3} for a directory of both)
 * @param startTime the manifest's start time, or the time fio or iperf3 recorded (the earliest of a
 *     directory); null for plain JMH files, which carry none
 * @param completeness the manifest's status and reason; {@link Completeness#UNRECORDED} for files
 */
public record RunData(String id, String kind, Instant startTime, Path path, List<TargetData> targets,
    Completeness completeness) {
  public static final String JMH = "jmh";
  public static final String FIO = "fio";
  public static final String IPERF3 = "iperf3";

  private static final Set<String> FILE_KINDS = Set.of(JMH, FIO, IPERF3, FIO + "+" + IPERF3, IPERF3 + "+" + FIO);

  /** A run of files: nothing records whether it is complete. */
  public RunData(String id, String kind, Instant startTime, Path path, List<TargetData> targets) {
    this(id, kind, startTime, path, targets, Completeness.UNRECORDED);
  }

  public RunData withTargets(List<TargetData> newTargets) {
    return new RunData(id, kind, startTime, path, newTargets, completeness);
  }

  /** Whether the run, or any of its targets, is partial, failed or was killed. */
  public boolean incomplete() {
    return completeness.incomplete() || targets.stream().anyMatch(t -> t.completeness().incomplete());
  }

  /**
   * What the console says about an incomplete run: one line for the run, then one per incomplete
   * target and failed benchmark (indented); empty when the run is complete.
   */
  public List<String> incompleteLines() {
    if (!incomplete()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    out.add(kind + " " + id + " (" + path + "): " + statusLine());
    incompleteDetails().forEach(d -> out.add("  " + d));
    return out;
  }

  /** The run's state and reason; a run sealed complete with an incomplete target reads as partial. */
  public String statusLine() {
    Completeness whole = completeness.incomplete() || !incomplete() ? completeness
        : new Completeness(Completeness.State.PARTIAL, "some targets are incomplete", 0, 0, null);
    return whole.describe();
  }

  /** {@code target c1: partial: ...} and {@code target c1: <benchmark> failed: <error>}, per target. */
  public List<String> incompleteDetails() {
    List<String> out = new ArrayList<>();
    for (TargetData t : targets) {
      if (t.completeness().incomplete() && !(targets.size() == 1 && sameWords(t.completeness(), completeness))) {
        out.add("target " + t.label() + ": " + t.completeness().describe());
      }
      t.completeness().failed().forEach((b, why) -> out.add("target " + t.label() + ": " + b + " failed: " + why));
    }
    return out;
  }

  private static boolean sameWords(Completeness a, Completeness b) {
    return a.describe().equals(b.describe());
  }
  /**
   * Whether this run is a tool's output rather than a run record: its target is named after a file
   * or directory, not after a machine, so the same experiment on another day has another name.
   */
  public boolean fromFiles() {
    return FILE_KINDS.contains(kind);
  }
}
