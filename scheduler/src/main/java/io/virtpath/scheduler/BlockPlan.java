package io.virtpath.scheduler;

import io.virtpath.analysis.stats.SequentialRule;
import java.time.Duration;
import java.util.List;

/**
 * What the scheduler is asked: which benchmarks, which comparisons, how to decide and for how long.
 *
 * @param benchmarks the headline benchmarks, each measured in one mode
 * @param comparisons the questions, asked of every benchmark
 * @param rule when a comparison is decided
 * @param budget from the scheduler's start; no block starts that would not end within it
 * @param fixedPasses 0: run until every comparison is decided or the budget ends; N: exactly N
 *     passes of every benchmark on every target (the fixed design), budget permitting
 * @param blockLimit the longest one target may take for one block before its agent is given up
 */
public record BlockPlan(List<Benchmark> benchmarks, List<Comparison> comparisons, SequentialRule rule, long seed,
    Duration budget, int fixedPasses, Duration blockLimit) {

  /** A benchmark and its mode; {@code rate}: the score is a rate (ops/s), not a cost (ns/op). */
  public record Benchmark(String name, String mode, boolean rate) {
    /** The short name a person reads: "SyscallBench.getpid". */
    public String shortName() {
      int dot = name.lastIndexOf('.', name.lastIndexOf('.') - 1);
      return dot < 0 ? name : name.substring(dot + 1);
    }
  }

  public BlockPlan {
    benchmarks = List.copyOf(benchmarks);
    comparisons = List.copyOf(comparisons);
    if (benchmarks.isEmpty() || comparisons.isEmpty()) {
      throw new IllegalArgumentException("a plan needs benchmarks and comparisons");
    }
    if (fixedPasses < 0) {
      throw new IllegalArgumentException("fixedPasses must be 0 (until decided) or more, was " + fixedPasses);
    }
  }

  /** The targets the comparisons name, in first-named order. */
  public List<String> targets() {
    return comparisons.stream().flatMap(c -> java.util.stream.Stream.of(c.numerator(), c.denominator())).distinct().toList();
  }
}
