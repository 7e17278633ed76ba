package io.virtpath.runner.counters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one measured iteration, from the readings before and after it: counts per
 * operation, CPU time as a share of the interval, the disk's average queue depth.
 */
public final class CounterFigures {
  /** A figure and its unit, as JMH prints it beside the name. */
  public record Figure(double value, String unit) {}

  static final String PER_OP = "#/op";
  static final List<String> SOFTIRQS = List.of("NET_RX", "NET_TX", "BLOCK", "TIMER", "SCHED");

  /**
   * The first word of every name {@link #of} gives, and {@code counters.} of the profiler's own
   * cost ({@link KernelCounters#COST}); no JMH profiler names its figures so.
   */
  private static final List<String> PREFIXES = List.of("irq.", "softirq.", "ctxsw.", "cpu.", "disk.", "counters.");

  private CounterFigures() {}

  /** Whether a secondary metric's name is one of these counters. */
  public static boolean isCounter(String name) {
    return PREFIXES.stream().anyMatch(name::startsWith);
  }

  /**
   * @param ops operations measured in the iteration; must be positive
   * @param disk whether the benchmark is a disk one (the block device's figures are only read for those)
   */
  public static Map<String, Figure> of(CountersConfig config, Snapshot before, Snapshot after, long ops, boolean disk) {
    if (ops <= 0) {
      throw new IllegalArgumentException("an iteration with " + ops + " operations has no per-operation figures");
    }
    Map<String, Figure> out = new LinkedHashMap<>();
    double n = ops;
    long device = 0;
    for (DeviceLines d : new DeviceLines[] {config.disk(), config.nic()}) {
      if (d != null) {
        long delta = after.interrupts().sum(d.irqs()) - before.interrupts().sum(d.irqs());
        device += delta;
        String kind = d == config.disk() ? "disk" : "nic";
        out.put("irq." + kind + "." + d.driver() + "/op", new Figure(delta / n, PER_OP));
      }
    }
    long all = after.interrupts().total() - before.interrupts().total();
    out.put("irq.other/op", new Figure((all - device) / n, PER_OP));

    for (String kind : SOFTIRQS) {
      long delta = after.softirqs().get(kind) - before.softirqs().get(kind);
      out.put("softirq." + kind.toLowerCase(java.util.Locale.ROOT) + "/op", new Figure(delta / n, PER_OP));
    }

    out.put("ctxsw.vol/op", new Figure((after.process().voluntary() - before.process().voluntary()) / n, PER_OP));
    out.put("ctxsw.invol/op", new Figure((after.process().involuntary() - before.process().involuntary()) / n, PER_OP));
    out.put("ctxsw.system/op", new Figure((after.cpu().contextSwitches() - before.cpu().contextSwitches()) / n, PER_OP));

    CpuStat a = after.cpu();
    CpuStat b = before.cpu();
    double ticks = a.total() - b.total();
    if (ticks > 0) {
      out.put("cpu.user.%", percent(a.user() + a.nice() - b.user() - b.nice(), ticks));
      out.put("cpu.system.%", percent(a.system() - b.system(), ticks));
      out.put("cpu.irq.%", percent(a.irq() - b.irq(), ticks));
      out.put("cpu.softirq.%", percent(a.softirq() - b.softirq(), ticks));
      out.put("cpu.steal.%", percent(a.steal() - b.steal(), ticks));
    }

    if (disk && before.block() != null && after.block() != null) {
      out.put("disk.merged/op", new Figure((after.block().merged() - before.block().merged()) / n, PER_OP));
      double millis = (after.nanos() - before.nanos()) / 1e6;
      if (millis > 0) {
        double queued = after.block().weightedQueueMillis() - before.block().weightedQueueMillis();
        out.put("disk.inflight.avg", new Figure(queued / millis, "requests"));
      }
    }
    return out;
  }

  private static Figure percent(long part, double ticks) {
    return new Figure(100.0 * part / ticks, "%");
  }
}
