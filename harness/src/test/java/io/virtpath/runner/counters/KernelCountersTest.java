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
    return params(benchmark, new WorkloadParams());
  }

  static BenchmarkParams params(String benchmark, WorkloadParams workload) {
    return new BenchmarkParams(benchmark, benchmark + "_jmhTest", false, 1, new int[] {1}, List.of("t"), 1, 0,
        WARMUP, MEASURED, Mode.AverageTime, workload, TimeUnit.NANOSECONDS, 1, "java", List.of(),
        "25", "vm", "25", "1.37", TimeValue.minutes(1));
  }

  /** A fake /proc and /sys under {@code root} (a QEMU guest with emulated devices). */
  static void fakeProc(Path root) throws java.io.IOException {
    Files.createDirectories(root.resolve("proc"));
    for (String f : List.of("interrupts", "softirqs", "stat")) {
      Files.writeString(root.resolve("proc").resolve(f), Resources.text(Resources.EMULATED, f));
    }
    Files.createDirectories(root.resolve("sys/class/block/sda"));
    Files.writeString(root.resolve("sys/class/block/sda/stat"), Resources.text(Resources.EMULATED, "sda-stat-11-fields"));
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
    KernelCounters p = new KernelCounters(new CountersConfig(null, null, "sda"), new ProcReader(root, "sda"), new IterationMarks(null));
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

  @Test
  void itsOwnCostIsAFigureThatLandsInMetrics() throws Exception {
    KernelCounters p = new KernelCounters();
    Result cost = iteration(p, params("b.m"), MEASURED, 10).stream()
        .filter(r -> r.getLabel().equals(KernelCounters.COST)).findFirst().orElseThrow();
    assertEquals("us", cost.getScoreUnit());
    assertTrue(cost.getScore() > 0, "reading /proc takes some time: " + cost.getScore());
    assertTrue(CounterFigures.isCounter(KernelCounters.COST));
    assertTrue(iteration(p, params("b.m"), MEASURED, 10).stream().noneMatch(r -> r.getLabel().equals(KernelCounters.MARKS_COST)),
        "no marks without " + IterationMarks.ENV);
  }

  @Test
  void marksOnlyAroundMeasuredIterations(@TempDir Path root) throws Exception {
    fakeProc(root);
    Path marks = root.resolve("ttyS0");
    KernelCounters p = new KernelCounters(
        new CountersConfig(null, null, null), new ProcReader(root, null), new IterationMarks(marks.toString()));
    WorkloadParams w = new WorkloadParams();
    w.put("size", "4 KiB", 0);
    BenchmarkParams b = params("io.virtpath.bench.disk.DiskRandomBench.randRead4kQd1", w);
    iteration(p, b, WARMUP, 5);
    iteration(p, b, MEASURED, 7);
    iteration(p, b, MEASURED, 8);
    List<String> lines = Files.readAllLines(marks).stream().filter(l -> !l.isEmpty()).toList();
    assertEquals(4, lines.size(), lines.toString());
    String what = " avgt io.virtpath.bench.disk.DiskRandomBench.randRead4kQd1 size=4%20KiB ";
    assertEquals("VIRTPATH-ITER begin" + what + "1", lines.get(0));
    assertTrue(lines.get(1).startsWith("VIRTPATH-ITER end" + what + "1 7 "), lines.get(1));
    assertEquals("VIRTPATH-ITER begin" + what + "2", lines.get(2));
    assertTrue(lines.get(3).startsWith("VIRTPATH-ITER end" + what + "2 8 "), lines.get(3));
    long guestNanos = Long.parseLong(lines.get(3).substring(lines.get(3).lastIndexOf(' ') + 1));
    assertTrue(guestNanos >= 0, lines.get(3));
    assertTrue(iteration(p, b, MEASURED, 9).stream().anyMatch(r -> r.getLabel().equals(KernelCounters.MARKS_COST)),
        "the marks' own cost, when there are marks");
  }

  @Test
  void aMarksFileThatCannotBeOpenedStillGivesFigures(@TempDir Path root) throws Exception {
    fakeProc(root);
    // a directory cannot be opened for writing
    KernelCounters p = new KernelCounters(
        new CountersConfig(null, null, null), new ProcReader(root, null), new IterationMarks(root.toString()));
    BenchmarkParams b = params("b.m");
    for (int i = 0; i < 2; i++) {
      assertTrue(iteration(p, b, MEASURED, 10).stream().anyMatch(r -> r.getLabel().equals("irq.other/op")),
          "iteration " + i);
    }
  }

  /**
   * The profiler's overhead does not grow with the work measured: the same files are read per
   * iteration whether it did one operation or a billion. (Counted, not timed.)
   */
  @Test
  void itsWorkPerIterationDoesNotDependOnTheOperations(@TempDir Path root) throws Exception {
    fakeProc(root);
    ProcReader reader = new ProcReader(root, "sda");
    KernelCounters p = new KernelCounters(
        new CountersConfig(null, null, "sda"), reader, new IterationMarks(root.resolve("marks").toString()));
    BenchmarkParams b = params("io.virtpath.bench.disk.DiskRandomBench.randRead4kQd1");
    long start = reader.filesRead();
    iteration(p, b, MEASURED, 1);
    long one = reader.filesRead() - start;
    iteration(p, b, MEASURED, 1_000_000_000L);
    long billion = reader.filesRead() - start - one;
    assertEquals(8, one, "four files before and four after");
    assertEquals(one, billion);
  }
}
