package io.virtpath.cli;

import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.report.ReportWriter;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.trend.TrendAnalyzer;
import io.virtpath.analysis.trend.TrendOutput;
import io.virtpath.analysis.trend.TrendResult;
import io.virtpath.core.Json;
import io.virtpath.core.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "trend",
    mixinStandardHelpOptions = true,
    description = {
      "Each benchmark's history across runs, with its change points.",
      "Change points by binary segmentation: a split must pass Welch's t-test of the runs' log",
      "replicates (lab rounds, fork means, or one fork's iterations) and a t-test of the log run means,",
      "each at alpha / splits searched, and move the level by more than the threshold. A change needs",
      ">= 3 runs before and after it; the newest runs that cannot be tested yet are named per series.",
      "Runs are ordered by their records' start time, or as given for plain JMH files.",
      "Writes DIR/trend.json and DIR/charts/trend-*.{png,svg}."
    })
final class TrendCommand implements Callable<Integer> {
  private final PrintStream out;

  TrendCommand(PrintStream out) {
    this.out = out;
  }

  @Parameters(paramLabel = "PATH", arity = "1..*",
      description = "run directories, results folders, target directories, JMH, fio or iperf3 JSON files")
  List<Path> inputs;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "where trend.json and charts go")
  Path outDir;

  @Option(names = "--benchmark", paramLabel = "REGEX",
      description = "only benchmarks whose 'name [mode] {params}' contains a match")
  String benchmark;

  @Option(names = "--target", paramLabel = "T", description = "only this target (default: every target)")
  String target;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "console output. Default: ${DEFAULT-VALUE}")
  String format;

  @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.05",
      description = "a split is kept when its p-value times the number of splits searched is at most this."
          + " Default: ${DEFAULT-VALUE}")
  double alpha;

  @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "5%",
      description = "smallest change reported as a change point (5% or 0.05), as for compare."
          + " Default: ${DEFAULT-VALUE}")
  String threshold;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("--format " + format + ": use text or json");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new UsageException("--alpha " + alpha + " is not a probability: use e.g. 0.01");
    }
    // the same syntax as compare's --threshold
    double change = Settings.parseFraction("--threshold", threshold);
    if (!(change >= 0 && change < 10)) {
      throw new UsageException("--threshold " + threshold + " is not a relative change: use e.g. 5% (or 0.05)");
    }
    Pattern regex = null;
    if (benchmark != null) {
      try {
        regex = Pattern.compile(benchmark);
      } catch (PatternSyntaxException e) {
        throw new UsageException("--benchmark '" + benchmark + "' is not a regular expression: "
            + e.getDescription() + " near index " + e.getIndex());
      }
    }
    ReportWriter.check(outDir); // before reading: nothing is written when the input is bad
    TrendResult t = new TrendAnalyzer(alpha, change, 0.95).analyze(Inputs.load(inputs), regex, target);
    ReportWriter.prepare(outDir);
    TrendOutput.write(t, outDir);
    out.print(format.equals("json") ? Json.toString(t) + "\n" : TrendOutput.text(t, outDir));
    return Main.OK;
  }
}
