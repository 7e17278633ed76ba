package io.virtpath.analysis.report;

import java.util.List;

/**
 * The headline metric of each path virtpath measures: the one figure per path a reader looks at
 * first (report.html's opening table, summary.json's {@code headline}, the console). Defined once
 * here so that every place that shows a headline shows the same benchmarks; the reasons for each
 * choice are in docs/methodology.md under the benchmark's name.
 */
public final class Headline {
  private Headline() {}

  /** What the headline figure of a benchmark is. */
  public enum Statistic {
    /** JMH's score: mean time per operation, or operations per second. */
    MEAN,
    /** The median of a SampleTime histogram: a round trip's typical latency, not its tail. */
    P50;

    public String json() {
      return this == MEAN ? "mean" : "p50";
    }
  }

  /**
   * One headline metric.
   *
   * @param path what a person calls it ("4 KiB random read QD1")
   * @param benchmark JMH's full benchmark name
   * @param mode JMH's mode as in jmh.json ({@code avgt}, {@code thrpt}, {@code sample})
   */
  public record Metric(String path, String benchmark, String mode, Statistic statistic) {}

  private static final String SYSCALL = "io.virtpath.bench.syscall.SyscallBench.";
  private static final String RANDOM = "io.virtpath.bench.disk.DiskRandomBench.";
  private static final String SEQUENTIAL = "io.virtpath.bench.disk.DiskSequentialBench.";
  private static final String SYNC = "io.virtpath.bench.disk.DiskSyncBench.";
  private static final String NET = "io.virtpath.bench.network.NetworkBenchmark.";

  /**
   * In page order: syscall, disk, network. {@code clockGettimeVdso} rather than the syscall variant
   * because it is what a program pays (System.nanoTime) and it is the one a guest's clocksource
   * moves; the QD1/QD16 reads and the fdatasync write are the Throughput (IOPS) results, the round
   * trips the SampleTime median.
   */
  public static final List<Metric> METRICS = List.of(
      new Metric("getpid", SYSCALL + "getpid", "avgt", Statistic.MEAN),
      new Metric("clock_gettime (vDSO)", SYSCALL + "clockGettimeVdso", "avgt", Statistic.MEAN),
      new Metric("4 KiB random read QD1", RANDOM + "randRead4kQd1", "thrpt", Statistic.MEAN),
      new Metric("4 KiB random read QD16", RANDOM + "randRead4kQd16", "thrpt", Statistic.MEAN),
      new Metric("1 MiB sequential read", SEQUENTIAL + "seqRead1m", "thrpt", Statistic.MEAN),
      new Metric("1 MiB sequential write", SEQUENTIAL + "seqWrite1m", "thrpt", Statistic.MEAN),
      new Metric("4 KiB write + fdatasync", SYNC + "write4kFdatasync", "thrpt", Statistic.MEAN),
      new Metric("TCP round trip 1 B p50", NET + "tcpRoundTrip1b", "sample", Statistic.P50),
      new Metric("TCP stream 64 KiB", NET + "tcpStream64k", "thrpt", Statistic.MEAN),
      new Metric("UDP round trip 64 B p50", NET + "udpRoundTrip64b", "sample", Statistic.P50));

  /** The two guests whose ratio the headline shows beside the baseline ratios, by their lab names. */
  public static final String EMULATED = "emulated";
  public static final String VIRTIO = "virtio";
}
