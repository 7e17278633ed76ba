package io.virtpath.analysis.demo;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Tiny benchmarks whose only job is to make JMH write every shape of JSON the analysis module must
 * read (modes, params, forks, histograms, secondary metrics). Not compiled by the build: see
 * ../README.md for how the fixtures under src/test/resources/jmh were produced from it.
 */
@State(Scope.Thread)
public class DemoBench {
  @Param({"16", "256"})
  int size;

  private long[] data;
  private SplittableRandom random;

  @Setup
  public void setup() {
    random = new SplittableRandom(42);
    data = random.longs(size).toArray();
  }

  /** A loop C2 vectorises and C1 does not: a real, large difference between JIT configurations. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public long sum() {
    long s = 0;
    for (long v : data) {
      s += v;
    }
    return s;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int hash() {
    return Arrays.hashCode(data);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public long lookup() {
    return Arrays.binarySearch(data, data[random.nextInt(data.length)]);
  }

  /** Allocates, so that -prof gc has something to report. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long[] copy() {
    return data.clone();
  }

  /** One sort of fresh data per invocation: SingleShotTime's natural use. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long[] sortOnce() {
    long[] copy = random.longs(size * 64L).toArray();
    Arrays.sort(copy);
    return copy;
  }

  /** @AuxCounters: JMH reports each public field as a secondary metric. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Counters {
    public long evenHits;
    public long oddHits;

    @Setup(Level.Iteration)
    public void reset() {
      evenHits = 0;
      oddHits = 0;
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long classify(Counters counters) {
    long v = data[random.nextInt(data.length)];
    if ((v & 1) == 0) {
      counters.evenHits++;
    } else {
      counters.oddHits++;
    }
    return v;
  }
}
