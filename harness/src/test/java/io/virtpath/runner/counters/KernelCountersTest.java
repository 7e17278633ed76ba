package io.virtpath.runner.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.options.TimeValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profiler on this machine's real /proc, driven the way JMH drives it. */
class KernelCountersTest {
  private static final IterationParams WARMUP = new IterationParams(IterationType.WARMUP, 1, TimeValue.seconds(1), 1);
  private static final IterationParams MEASURED = new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.seconds(1), 1);

  private static BenchmarkParams params(String benchmark) {
    return new BenchmarkParams(benchmark, benchmark + "_jmhTest", false, 1, new int[] {1}, List.of("t"), 1, 0,
        WARMUP, MEASURED, Mode.AverageTime, new WorkloadParams(), TimeUnit.NANOSECONDS, 1, "java", List.of(),
        "25", "vm", "25", "1.37", TimeValue.minutes(1));
  }

  private static Collection<? extends Result> iteration(KernelCounters p, BenchmarkParams b, IterationParams i, long ops) {
    p.beforeIteration(b, i);
    return p.afterIteration(b, i, new IterationResult(b, i, new IterationResultMetaData(ops, ops)));
  }

  @Test
  void measuredIterationsOnly() throws Exception {
    KernelCounters p = new KernelCounters();
    BenchmarkParams b = params("io.virtpath.bench.syscall.GetpidBench.getpid");
    assertEquals(List.of(), List.copyOf(iteration(p, b, WARMUP, 1000)));

    Map<String, Result> figures =
        iteration(p, b, MEASURED, 1000).stream().collect(Collectors.toMap(Result::getLabel, r -> (Result) r));
    assertTrue(figures.keySet().containsAll(List.of("irq.other/op", "softirq.net_rx/op", "softirq.block/op",
        "softirq.timer/op", "softirq.sched/op", "softirq.net_tx/op", "ctxsw.vol/op", "ctxsw.invol/op",
        "ctxsw.system/op")), new TreeSet<>(figures.keySet()).toString());
    for (Result r : figures.values()) {
      assertTrue(r.getScore() >= 0, r.getLabel() + " = " + r.getScore());
    }
    // not a disk benchmark, and no block device was configured
    assertTrue(figures.keySet().stream().noneMatch(k -> k.startsWith("disk.")), figures.keySet().toString());
  }

  @Test
  void aFailedReadingCostsTheFiguresNotTheBenchmark(@TempDir Path root) throws Exception {
    for (String f : List.of("interrupts", "softirqs", "stat")) {
      Files.createDirectories(root.resolve("proc"));
      Files.writeString(root.resolve("proc").resolve(f), Resources.text(Resources.EMULATED, f));
    }
    Files.createDirectories(root.resolve("sys/class/block/sda"));
    Files.writeString(root.resolve("sys/class/block/sda/stat"), Resources.text(Resources.EMULATED, "sda-stat-11-fields"));
    KernelCounters p = new KernelCounters(new CountersConfig(null, null, "sda"), new ProcReader(root, "sda"));
    BenchmarkParams b = params("io.virtpath.bench.disk.DiskRandomBench.randRead4kQd1");

    p.beforeIteration(b, MEASURED);
    Files.delete(root.resolve("sys/class/block/sda/stat")); // the device went away mid-iteration
    assertEquals(List.of(), List.copyOf(
        p.afterIteration(b, MEASURED, new IterationResult(b, MEASURED, new IterationResultMetaData(10, 10)))));

    Files.writeString(root.resolve("sys/class/block/sda/stat"), Resources.text(Resources.EMULATED, "sda-stat-11-fields"));
    assertTrue(iteration(p, b, MEASURED, 10).stream().anyMatch(r -> r.getLabel().equals("disk.merged/op")),
        "the next iteration has its figures again");
  }

  @Test
  void anIterationWithoutOperationsReportsNothing() throws Exception {
    KernelCounters p = new KernelCounters();
    assertEquals(List.of(), List.copyOf(iteration(p, params("b.m"), MEASURED, 0)));
  }
}
