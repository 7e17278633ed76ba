package io.virtpath.runner;

import java.util.Collection;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/** Swallows JMH's output where it has nothing to say to a person (reading the benchmark list). */
final class SilentFormat implements OutputFormat {
  static final SilentFormat INSTANCE = new SilentFormat();

  @Override
  public void iteration(BenchmarkParams b, IterationParams i, int n) {}

  @Override
  public void iterationResult(BenchmarkParams b, IterationParams i, int n, IterationResult r) {}

  @Override
  public void startBenchmark(BenchmarkParams b) {}

  @Override
  public void endBenchmark(BenchmarkResult r) {}

  @Override
  public void startRun() {}

  @Override
  public void endRun(Collection<RunResult> r) {}

  @Override
  public void print(String s) {}

  @Override
  public void println(String s) {}

  @Override
  public void flush() {}

  @Override
  public void close() {}

  @Override
  public void verbosePrintln(String s) {}

  @Override
  public void write(int b) {}

  @Override
  public void write(byte[] b) {}
}
