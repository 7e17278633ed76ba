package io.virtpath.cli;

import io.virtpath.analysis.compare.CompareOutcome;
import io.virtpath.analysis.compare.CompareText;
import io.virtpath.analysis.compare.Comparer;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.result.Settings;
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
      "directory of fio/iperf3 outputs (its files the replicates).",
      "slower/faster: the ratio's interval excludes 1 and the change exceeds the threshold;",
      "no change: the whole interval lies within the threshold; otherwise inconclusive.",
      "Intervals are simultaneous over all benchmarks (Bonferroni), on the log scale.",
      "With one or two forks a side, only a change beyond the fork-to-fork bound is called."
    },
    footer = {"", "Exit codes: 0 done, 1 a regression with --fail-on-regression, 2 bad input (also: an empty",
        "input, or no benchmark that both sides measured)."})
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
      description = "smallest change that counts, as 5% or 0.05 (a bare 5 is refused). Default: ${DEFAULT-VALUE}")
  String threshold;

  @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.05",
      description = "chance that any verdict calls a change that is not there (family-wise; each interval is "
          + "drawn at 1 - alpha/comparisons). Default: ${DEFAULT-VALUE}")
  double alpha;


  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "console output. Default: ${DEFAULT-VALUE}")
  String format;

  @Option(names = "--fail-on-regression",
      description = "exit 1 when any benchmark is slower, or failed in B but not in A (for CI gates)")
  boolean failOnRegression;

  @Override
  public Integer call() {
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("--format " + format + ": use text or json");
    }
    Settings settings = Settings.DEFAULTS.withAlpha(alpha)
        .withThreshold(Settings.parseFraction("--threshold", threshold));
    CompareOutcome o = new Comparer(settings)
        .compare(a.toString(), Inputs.load(List.of(a)), b.toString(), Inputs.load(List.of(b)));
    out.print(format.equals("json") ? Json.toString(o) + "\n" : CompareText.render(o));
    if (failOnRegression && (o.hasRegression() || !o.failedOnlyInB().isEmpty())) {
      if (format.equals("text")) {
        out.println("regression: " + o.counts().get("slower") + " benchmark(s) slower"
            + (o.failedOnlyInB().isEmpty() ? "" : ", " + o.failedOnlyInB().size() + " failed in B only ("
                + String.join(", ", o.failedOnlyInB()) + ")") + "; exit 1 (--fail-on-regression)");
      }
      return Main.FAILED;
    }
    return Main.OK;
  }
}
