package io.virtpath.cli;

import io.virtpath.analysis.compare.CompareOutcome;
import io.virtpath.analysis.compare.CompareText;
import io.virtpath.analysis.compare.Comparer;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.stats.Adjust;
import io.virtpath.core.Json;
import io.virtpath.core.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "A/B per benchmark: faster, slower or no change (for CI gates).",
      "B against A, each a run directory, a target directory, a JMH, fio or iperf3 JSON file or a",
      "directory of fio/iperf3 outputs (its files the replicates). A benchmark is",
      "'slower' or 'faster' only when the difference is both significant (Welch, corrected over all",
      "benchmarks) and larger than the threshold."
    },
    footer = {"", "Exit codes: 0 done, 1 a regression with --fail-on-regression, 2 bad input."})
final class CompareCommand implements Callable<Integer> {
  private final PrintStream out;

  CompareCommand(PrintStream out) {
    this.out = out;
  }

  @Parameters(index = "0", paramLabel = "A", description = "the reference (e.g. last release)")
  Path a;

  @Parameters(index = "1", paramLabel = "B", description = "the candidate")
  Path b;

  @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "5%",
      description = "smallest difference that counts (noise threshold). Default: ${DEFAULT-VALUE}")
  String threshold;

  @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.01",
      description = "significance level of the corrected p-values. Default: ${DEFAULT-VALUE}")
  double alpha;

  @Option(names = "--correction", paramLabel = "holm|bh", defaultValue = "holm",
      description = "multiple-comparison correction. Default: ${DEFAULT-VALUE}")
  String correction;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "console output. Default: ${DEFAULT-VALUE}")
  String format;

  @Option(names = "--fail-on-regression", description = "exit 1 when any benchmark is slower (for CI gates)")
  boolean failOnRegression;

  @Override
  public Integer call() {
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("--format " + format + ": use text or json");
    }
    Settings settings = Settings.DEFAULTS.withAlpha(alpha)
        .withThreshold(Settings.parseFraction("--threshold", threshold))
        .withCorrection(Adjust.parse(correction));
    CompareOutcome o = new Comparer(settings)
        .compare(a.toString(), Inputs.load(List.of(a)), b.toString(), Inputs.load(List.of(b)));
    out.print(format.equals("json") ? Json.toString(o) + "\n" : CompareText.render(o));
    if (failOnRegression && o.hasRegression()) {
      if (format.equals("text")) {
        out.println("regression: " + o.counts().get("slower") + " benchmark(s) slower; exit 1 (--fail-on-regression)");
      }
      return Main.FAILED;
    }
    return Main.OK;
  }
}
