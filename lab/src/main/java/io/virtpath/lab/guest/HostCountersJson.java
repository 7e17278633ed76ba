package io.virtpath.lab.guest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * host-counters.json: the host CPU time QEMU's thread groups spent per operation of each guest
 * benchmark, and KVM's exits where there are any. Written by the lab beside the guest target's
 * metrics.json; documented in docs/results-format.md ("host-counters.json").
 *
 * @param cpuClock "schedstat" (ns) or "stat-ticks" (10 ms ticks)
 * @param groups the keys of every cpuMicros map, in this order
 * @param threads every QEMU thread seen at a mark
 * @param benchmarks never null: empty when the guest wrote no marks, and then {@code note} says why
 * @param note null, or what went wrong or was missing (no marks, an unreadable /proc ...)
 */
public record HostCountersJson(
    int formatVersion,
    String target,
    long qemuPid,
    String accelerator,
    String cpuClock,
    String sampling,
    List<String> groups,
    List<ThreadInfo> threads,
    KvmAvailability kvmExits,
    List<Benchmark> benchmarks,
    @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
  public static final int FORMAT_VERSION = 1;
  public static final String FILE = "host-counters.json";

  public HostCountersJson {
    groups = List.copyOf(groups);
    threads = List.copyOf(threads);
    benchmarks = List.copyOf(benchmarks);
  }

  public record ThreadInfo(long tid, String comm, String group) {}

  /**
   * @param source "debugfs" when available
   * @param reason why not, when not
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record KvmAvailability(boolean available, String source, String reason) {}

  /**
   * One benchmark (the join key with metrics.json: benchmark, mode, params).
   *
   * @param mode JMH's short label: thrpt, avgt, sample, ss
   * @param ops the sum of the paired iterations' operations
   * @param cpuMicrosPerOp sum of the iterations' cpuMicros over {@code ops}, per group and "total"
   * @param kvmExitsPerOp likewise per exit reason; null without KVM exit counts
   */
  public record Benchmark(
      String benchmark,
      String mode,
      Map<String, String> params,
      List<Iteration> iterations,
      long ops,
      Map<String, Double> cpuMicrosPerOp,
      Map<String, Double> kvmExitsPerOp) {}

  /**
   * One measured iteration between its begin and end marks.
   *
   * @param hostSeconds between the host's two snapshots
   * @param guestSeconds between the guest's two marks, by its own clock
   * @param cpuMicros host CPU µs per thread group over the iteration
   * @param kvmExits exits per reason over the iteration; null without KVM exit counts
   */
  public record Iteration(
      int iteration,
      long ops,
      double hostSeconds,
      double guestSeconds,
      Map<String, Double> cpuMicros,
      Map<String, Long> kvmExits) {}
}
