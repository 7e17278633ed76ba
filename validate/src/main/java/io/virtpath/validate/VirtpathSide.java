package io.virtpath.validate;

import io.virtpath.core.AtomicFiles;
import io.virtpath.core.record.Metrics;
import io.virtpath.runner.DerivedMetrics;
import io.virtpath.runner.JmhOptions;
import io.virtpath.validate.reference.ToolFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * virtpath's side of a pair: the benchmark exactly as {@code virtpath run} runs it (same JMH
 * options, same forked JVM flags, same scratch file and peer), one fork per round — the round is
 * the replicate — and the figure read the way the record's metrics.json reads it.
 */
final class VirtpathSide {
  private final JmhOptions jmh;
  private final OutputFormat log;

  VirtpathSide(JmhOptions jmh, OutputFormat log) {
    this.jmh = jmh;
    this.log = log;
  }

  double measure(Pair pair, Path raw) throws IOException {
    Collection<RunResult> results;
    try {
      results = new Runner(jmh.forBenchmark(pair.benchmark), log).run();
    } catch (RunnerException e) {
      throw new ToolFailure("JMH: " + io.virtpath.runner.SuiteRunner.rootMessage(e));
    }
    AtomicFiles.write(raw, out -> {
      PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
      ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
      ps.flush();
    });
    return figure(pair, DerivedMetrics.of(results));
  }

  static double figure(Pair pair, List<Metrics.Entry> entries) throws ToolFailure {
    String mode = switch (pair.figure) {
      case MEAN_NS -> "avgt";
      case IOPS, MB_PER_S -> "thrpt";
      case P50_US -> "sample";
    };
    for (Metrics.Entry e : entries) {
      if (e.mode().equals(mode)) {
        return pair.figure == Pair.Figure.P50_US ? e.latencyPercentilesNs().get("p50") / 1000 : e.value();
      }
    }
    throw new ToolFailure("JMH gave no " + mode + " result for " + pair.benchmark);
  }
}
