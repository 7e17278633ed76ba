package io.virtpath.runner;

import io.virtpath.core.UsageException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which benchmarks of the chosen suites run. {@link #HEADLINE} is the report's headline table (one
 * figure per path a reader looks at first) plus the baselines those figures are read against; it is
 * what the lab runs by default, because under TCG every benchmark costs a guest minutes and the
 * headline is what the lab is asked. {@link #ALL} is every benchmark of the suites.
 */
public enum BenchmarkSet {
  HEADLINE,
  ALL;

  private static final String SYSCALL = "io.virtpath.bench.syscall.SyscallBench.";
  private static final String DISK = "io.virtpath.bench.disk.";
  private static final String NET = "io.virtpath.bench.network.NetworkBenchmark.";

  /**
   * The headline metrics' benchmarks (analysis' {@code report.Headline.METRICS}; a test in the cli
   * module keeps the two lists in step) and the baseline of each suite, which says what the
   * language and harness cost on the same target, so that a ratio can be read as the kernel path's;
   * each with the one JMH mode the headline reads (a QD1 read's latency histogram is a second run of
   * the benchmark, left to {@link #ALL}).
   */
  static final Map<String, String> HEADLINE_MODES = Map.ofEntries(
      Map.entry(SYSCALL + "baseline", "avgt"), Map.entry(SYSCALL + "getpid", "avgt"),
      Map.entry(SYSCALL + "clockGettimeVdso", "avgt"),
      Map.entry(DISK + "DiskBaselineBench.baselineCachedRead4k", "thrpt"),
      Map.entry(DISK + "DiskRandomBench.randRead4kQd1", "thrpt"),
      Map.entry(DISK + "DiskRandomBench.randRead4kQd16", "thrpt"),
      Map.entry(DISK + "DiskSequentialBench.seqRead1m", "thrpt"),
      Map.entry(DISK + "DiskSequentialBench.seqWrite1m", "thrpt"),
      Map.entry(DISK + "DiskSyncBench.write4kFdatasync", "thrpt"),
      Map.entry(NET + "baselineUnixRoundTrip", "sample"), Map.entry(NET + "tcpRoundTrip1b", "sample"),
      Map.entry(NET + "tcpStream64k", "thrpt"), Map.entry(NET + "udpRoundTrip64b", "sample"));

  public static BenchmarkSet parse(String name, String option) {
    for (BenchmarkSet s : values()) {
      if (s.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new UsageException("unknown benchmark set '" + name + "' (" + option + "): choose "
        + Arrays.stream(values()).map(BenchmarkSet::id).collect(Collectors.joining(" or ")));
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean includes(String benchmark) {
    return this == ALL || HEADLINE_MODES.containsKey(benchmark);
  }

  /** The modes of {@code benchmark} this set runs, out of those it declares ({@code avgt}, {@code thrpt} ...). */
  public List<String> modes(String benchmark, List<String> declared) {
    if (this == ALL) {
      return declared;
    }
    String mode = HEADLINE_MODES.get(benchmark);
    return declared.contains(mode) ? List.of(mode) : List.of();
  }

  /** The headline benchmarks' full JMH names, sorted (for the check against the report's table). */
  public static List<String> headlineBenchmarks() {
    return HEADLINE_MODES.keySet().stream().sorted().toList();
  }
}
