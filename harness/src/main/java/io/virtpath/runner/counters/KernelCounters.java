package io.virtpath.runner.counters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * The kernel's counters per operation, beside each score: the device under test's interrupts,
 * softirqs, context switches, the CPU split and, for the disk suite, merges and queue depth
 * (docs/methodology.md, "Counters (explain)"). {@code virtpath run -- -prof counters}; {@code run}
 * adds it to every benchmark by default.
 *
 * <p>It runs in the benchmark's JVM, reads before and after each measured iteration (warm-up is
 * skipped: its interrupts belong to JIT and page-cache warming, not to the steady state) and
 * divides by the iteration's measured operations. JMH averages the iterations' figures.
 *
 * <p>Around each measured iteration it also writes the {@link IterationMarks} the lab's host
 * samples QEMU's threads at (when {@value IterationMarks#ENV} is set), and reports its own cost,
 * {@value #COST}: the microseconds its before and after work took (readings, figures, marks).
 */
public final class KernelCounters implements InternalProfiler {
  /** The name {@code -prof} takes; JMH itself knows the profiler by its class name. */
  public static final String NAME = "counters";

  /** The profiler's own cost per measured iteration, µs: reading, figures and marks, before + after. */
  public static final String COST = "counters.cost.us";

  /**
   * Of that cost, the two iteration marks' writes, µs (only when marks are written): on a guest's
   * serial console a write is the part of the marks the guest waits for.
   */
  public static final String MARKS_COST = "counters.marks.us";

  private static final String DISK_SUITE = "io.virtpath.bench.disk.";

  private final CountersConfig config;
  private final ProcReader reader;
  private final IterationMarks marks;
  private Snapshot before;
  /** The measured iteration's number within this benchmark (1-based), for the marks. */
  private int iteration;
  private String benchmarkKey;
  private long beforeCostNanos;
  private long beginMarkNanos;
  /** System.nanoTime() right after the begin mark: the guest's own clock of the iteration. */
  private long markedAt;

  /** JMH's way in: {@code -prof counters} and the forks' system properties. */
  public KernelCounters() throws ProfilerException {
    try {
      config = CountersConfig.fromSystemProperties();
      reader = new ProcReader(Path.of("/"), config.blockDevice());
      reader.read(); // a machine without /proc refuses here, before any benchmark runs
    } catch (RuntimeException e) {
      throw new ProfilerException("kernel counters unavailable: " + e.getMessage());
    }
    // opened at the first mark, not here: JMH also builds profilers in the host VM to check them
    marks = IterationMarks.fromEnvironment();
  }

  /** A profiler reading other files (tests). */
  KernelCounters(CountersConfig config, ProcReader reader, IterationMarks marks) {
    this.config = config;
    this.reader = reader;
    this.marks = marks;
  }

  @Override
  public String getDescription() {
    return "virtpath: per-operation interrupts of the device under test, softirqs, context switches, CPU split, disk merges";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams params) {
    before = null;
    if (params.getType() != IterationType.MEASUREMENT) {
      return;
    }
    long t0 = System.nanoTime();
    before = readOrNull();
    String key = benchmark.id();
    if (!key.equals(benchmarkKey)) {
      benchmarkKey = key;
      iteration = 0;
    }
    iteration++;
    long m0 = System.nanoTime();
    marks.begin(benchmark, iteration); // the last thing before the iteration starts
    markedAt = System.nanoTime();
    beginMarkNanos = markedAt - m0;
    beforeCostNanos = markedAt - t0;
  }

  /**
   * A reading that fails (a block device removed, an unreadable /proc in a locked-down
   * container) costs this iteration its figures, never the benchmark its score: the profiler is
   * on by default, so it must not be what fails a run. JMH keeps the fork's stderr in jmh.log.
   */
  private Snapshot readOrNull() {
    try {
      return reader.read();
    } catch (RuntimeException e) {
      System.err.println("virtpath counters: no figures for this iteration: " + e.getMessage());
      return null;
    }
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmark, IterationParams params, IterationResult result) {
    if (params.getType() != IterationType.MEASUREMENT) {
      return List.of();
    }
    long t0 = System.nanoTime();
    long ops = result.getMetadata().getMeasuredOps();
    marks.end(benchmark, iteration, ops, t0 - markedAt); // the first thing after the iteration ends
    long marksNanos = beginMarkNanos + (System.nanoTime() - t0);
    if (before == null) {
      return List.of();
    }
    Snapshot after = readOrNull();
    if (after == null || ops <= 0) {
      before = null;
      return List.of();
    }
    boolean disk = benchmark.getBenchmark().startsWith(DISK_SUITE);
    List<Result> out = new ArrayList<>();
    for (Map.Entry<String, CounterFigures.Figure> f : CounterFigures.of(config, before, after, ops, disk).entrySet()) {
      out.add(new ScalarResult(f.getKey(), f.getValue().value(), f.getValue().unit(), AggregationPolicy.AVG));
    }
    before = null;
    long cost = beforeCostNanos + (System.nanoTime() - t0);
    out.add(new ScalarResult(COST, cost / 1e3, "us", AggregationPolicy.AVG));
    if (marks.enabled()) {
      out.add(new ScalarResult(MARKS_COST, marksNanos / 1e3, "us", AggregationPolicy.AVG));
    }
    return out;
  }
}
