package io.virtpath.cli;

import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.read.Loaded;
import io.virtpath.analysis.read.RunData;
import io.virtpath.analysis.report.ReportWriter;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Row;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.stats.Adjust;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Statistics, overhead charts and an HTML report from run records or JMH JSON files.",
      "Reads run and lab records, target directories, results folders, any JMH JSON (-rf json) and",
      "fio/iperf3 JSON outputs (a directory of them: each file one replicate);",
      "compares every target with a baseline. Writes DIR/report.html (self-contained),",
      "DIR/summary.json, DIR/summary.csv and DIR/charts/*.{png,svg}. The last line printed is report.html."
    },
    footer = {"", "Unreadable inputs are skipped and listed; exit 2 only when nothing is readable."})
final class ReportCommand implements Callable<Integer> {
  private final PrintStream out;

  ReportCommand(PrintStream out) {
    this.out = out;
  }

  @Parameters(paramLabel = "RUN_DIR|FILE", arity = "1..*",
      description = "run directories, target directories, results folders, JMH, fio or iperf3 JSON files")
  List<Path> inputs;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the report goes (created)")
  Path outDir;

  @Option(names = "--baseline", paramLabel = "TARGET",
      description = "target the others are compared with. Default: 'host' if present, else the first input")
  String baseline;

  @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.01",
      description = "significance level of the corrected p-values. Default: ${DEFAULT-VALUE}")
  double alpha;

  @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "5%",
      description = "difference the data should be able to resolve (minimum-detectable-effect warning). Default: ${DEFAULT-VALUE}")
  String threshold;

  @Option(names = "--correction", paramLabel = "holm|bh", defaultValue = "holm",
      description = "multiple-comparison correction over the whole report. Default: ${DEFAULT-VALUE}")
  String correction;

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.DEFAULTS.withAlpha(alpha)
        .withThreshold(Settings.parseFraction("--threshold", threshold))
        .withCorrection(Adjust.parse(correction));
    ReportWriter.check(outDir); // before reading: nothing is written when the input is bad
    Loaded loaded = Inputs.load(inputs);
    loaded.skipped().forEach(s -> out.println("skipped " + s));
    Analysis analysis = new Analyzer(settings).analyze(loaded, baseline);
    ReportWriter.Written w = ReportWriter.write(analysis, outDir);
    out.println(analysis.baselineNote());
    // Before the numbers: a partial, failed or killed input is not a whole measurement.
    for (RunData r : analysis.incompleteRuns()) {
      r.incompleteLines().forEach(l -> out.println("INCOMPLETE " + l));
    }
    if (!analysis.tcgTargets().isEmpty()) {
      out.println("TCG: " + String.join(", ", analysis.tcgTargets())
          + " ran under QEMU's TCG; TCG numbers are not KVM numbers.");
    }
    List<Row> tested = analysis.rows().stream().filter(r -> r.significant() != null).toList();
    long slower = tested.stream().filter(r -> r.significant() && r.ratio() > 1).count();
    long faster = tested.stream().filter(r -> r.significant() && r.ratio() < 1).count();
    long primary = analysis.rows().stream().filter(Row::isMeasuredPrimary).count();
    long missing = analysis.rows().stream().filter(Row::lacksResult).count();
    int targets = analysis.targets().size();
    out.printf("%d target%s, %d benchmark results%s%n", targets, targets == 1 ? "" : "s", primary,
        analysis.baseline() == null ? "" : "; against " + analysis.baseline() + ": " + slower
            + " significantly slower, " + faster + " significantly faster, " + (tested.size() - slower - faster)
            + " not significant");
    if (missing > 0) {
      out.println(missing + " benchmark result" + (missing == 1 ? " is" : "s are")
          + " missing (failed or not run): listed in the report as 'missing'");
    }
    analysis.notes().forEach(n -> out.println("note: " + n));
    out.println("summary: " + w.json());
    out.println("charts:  " + w.charts().size() + " files in " + outDir.resolve("charts"));
    out.println(w.html());
    return Main.OK;
  }
}
