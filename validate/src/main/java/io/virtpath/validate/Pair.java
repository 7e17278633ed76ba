package io.virtpath.validate;

import io.virtpath.core.record.Unit;
import io.virtpath.runner.Suite;
import java.util.Arrays;
import java.util.List;

/**
 * One check: a virtpath benchmark and the standard tool that measures the same kernel path, the
 * figure compared, and the band the ratio virtpath / reference must fall in. The bands are the
 * project's accuracy targets (see docs/methodology.md, "Validation"); a miss is investigated and
 * fixed in the benchmark, never by moving the band.
 *
 * @param benchmark the JMH benchmark method, fully qualified
 * @param figure which of the benchmark's figures is compared
 * @param low lowest acceptable ratio (0 when only an upper bound is set)
 * @param high highest acceptable ratio (infinity when only a lower bound is set)
 */
public enum Pair {
  GETPID(Suite.SYSCALL, "syscall.getpid", "io.virtpath.bench.syscall.SyscallBench.getpid", Figure.MEAN_NS,
      Tool.C_LOOP, "C loop: syscall(SYS_getpid)", 0, 1.10),
  CLOCK_GETTIME(Suite.SYSCALL, "syscall.clockGettimeVdso", "io.virtpath.bench.syscall.SyscallBench.clockGettimeVdso",
      Figure.MEAN_NS, Tool.C_LOOP, "C loop: clock_gettime(CLOCK_MONOTONIC)", 0, 1.10),
  RAND_READ_QD1(Suite.DISK, "disk.randRead4kQd1", "io.virtpath.bench.disk.DiskRandomBench.randRead4kQd1", Figure.IOPS,
      Tool.FIO, "fio: randread 4 KiB, psync, QD1, direct", 0.90, 1.10),
  RAND_READ_QD16(Suite.DISK, "disk.randRead4kQd16", "io.virtpath.bench.disk.DiskRandomBench.randRead4kQd16",
      Figure.IOPS, Tool.FIO, "fio: randread 4 KiB, libaio, QD16, direct", 0.90, 1.10),
  SEQ_READ_1M(Suite.DISK, "disk.seqRead1m", "io.virtpath.bench.disk.DiskSequentialBench.seqRead1m", Figure.MB_PER_S,
      Tool.FIO, "fio: read 1 MiB, psync, direct", 0.90, 1.10),
  SEQ_WRITE_1M(Suite.DISK, "disk.seqWrite1m", "io.virtpath.bench.disk.DiskSequentialBench.seqWrite1m",
      Figure.MB_PER_S, Tool.FIO, "fio: write 1 MiB, psync, direct", 0.90, 1.10),
  TCP_RR_1B(Suite.NETWORK, "network.tcpRoundTrip1b", "io.virtpath.bench.network.NetworkBenchmark.tcpRoundTrip1b",
      Figure.P50_US, Tool.SOCKPERF, "sockperf ping-pong TCP, 14 B (its minimum), full RTT", 0, 1.15),
  TCP_RR_1K(Suite.NETWORK, "network.tcpRoundTrip1k", "io.virtpath.bench.network.NetworkBenchmark.tcpRoundTrip1k",
      Figure.P50_US, Tool.SOCKPERF, "sockperf ping-pong TCP, 1 KiB, full RTT", 0, 1.15),
  TCP_STREAM(Suite.NETWORK, "network.tcpStream64k", "io.virtpath.bench.network.NetworkBenchmark.tcpStream64k",
      Figure.MB_PER_S, Tool.IPERF3, "iperf3 TCP, 64 KiB writes", 0.85, Double.POSITIVE_INFINITY);

  /** The figure a pair compares, in the unit both sides report it in. */
  public enum Figure {
    MEAN_NS("ns", false),
    IOPS(Unit.IOPS),
    MB_PER_S(Unit.MB_PER_S),
    P50_US("µs p50", false);

    public final String unit;
    public final boolean higherIsBetter;

    Figure(String unit, boolean higherIsBetter) {
      this.unit = unit;
      this.higherIsBetter = higherIsBetter;
    }

    /** A figure metrics.json gives as it is: spelled, and better, the way the run record says. */
    Figure(Unit unit) {
      this(unit.symbol(), unit.higherIsBetter());
    }
  }

  /** The reference tools; each is a Debian package of the same name except the C compiler. */
  public enum Tool {
    C_LOOP("cc", "gcc"),
    FIO("fio", "fio"),
    SOCKPERF("sockperf", "sockperf"),
    IPERF3("iperf3", "iperf3");

    public final String program;
    public final String debianPackage;

    Tool(String program, String debianPackage) {
      this.program = program;
      this.debianPackage = debianPackage;
    }
  }

  public final Suite suite;
  public final String shortName;
  public final String benchmark;
  public final Figure figure;
  public final Tool tool;
  public final String reference;
  public final double low;
  public final double high;

  Pair(Suite suite, String shortName, String benchmark, Figure figure, Tool tool, String reference, double low,
      double high) {
    this.suite = suite;
    this.shortName = shortName;
    this.benchmark = benchmark;
    this.figure = figure;
    this.tool = tool;
    this.reference = reference;
    this.low = low;
    this.high = high;
  }

  /** "getpid", "rand-read-qd1": the id in validation.json and on the command line. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The band as people write it: "≤ 1.10", "0.90–1.10", "≥ 0.85". */
  public String band() {
    if (low <= 0) {
      return String.format(java.util.Locale.ROOT, "≤ %.2f", high);
    }
    if (Double.isInfinite(high)) {
      return String.format(java.util.Locale.ROOT, "≥ %.2f", low);
    }
    return String.format(java.util.Locale.ROOT, "%.2f–%.2f", low, high);
  }

  public boolean inBand(double ratio) {
    return ratio >= low && ratio <= high;
  }

  /** True when one of {@code pairs} belongs to {@code suite} (it then needs that suite's set-up). */
  public static boolean covers(List<Pair> pairs, Suite suite) {
    return pairs.stream().anyMatch(p -> p.suite == suite);
  }

  public static List<Pair> of(List<Suite> suites) {
    return Arrays.stream(values()).filter(p -> suites.contains(p.suite)).toList();
  }
}
