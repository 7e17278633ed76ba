package io.virtpath.analysis.read;

import java.nio.file.Path;
import java.time.Instant;
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
 */
public record RunData(String id, String kind, Instant startTime, Path path, List<TargetData> targets) {
  public static final String JMH = "jmh";
  public static final String FIO = "fio";
  public static final String IPERF3 = "iperf3";

  private static final Set<String> FILE_KINDS = Set.of(JMH, FIO, IPERF3, FIO + "+" + IPERF3, IPERF3 + "+" + FIO);

  /**
   * Whether this run is a tool's output rather than a run record: its target is named after a file
   * or directory, not after a machine, so the same experiment on another day has another name.
   */
  public boolean fromFiles() {
    return FILE_KINDS.contains(kind);
  }
}
