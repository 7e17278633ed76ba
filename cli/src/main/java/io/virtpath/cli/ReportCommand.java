package io.virtpath.cli;

import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.read.Loaded;
import io.virtpath.analysis.read.RunData;
import io.virtpath.analysis.report.HeadlineText;
import io.virtpath.analysis.report.ReportWriter;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Row;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.result.Verdict;
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

  @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.05",
      description = "each ratio's interval is drawn at 1 - alpha (with --simultaneous: at 1 - alpha/comparisons). "
          + "Default: ${DEFAULT-VALUE}")
  double alpha;

  @Option(names = "--simultaneous",
      description = "intervals that hold for all comparisons of the report together (Bonferroni), so that the chance "
          + "of any false verdict is at most alpha; by default each ratio is an estimate of its own at 1 - alpha")
  boolean simultaneous;

  @Option(names = "--run-bound", paramLabel = "RATIO", defaultValue = "7",
      description = "when each side is the forks of one run: the ratio two runs of one configuration can differ "
          + "by on this machine (measure it: docs/analysis.md); 1 lets the interval alone decide. "
          + "Default: ${DEFAULT-VALUE}")
  double runBound;

  @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "5%",
      description = "smallest change that counts, as 5% or 0.05 (a bare 5 is refused). Default: ${DEFAULT-VALUE}")
  String threshold;


  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.DEFAULTS.withAlpha(alpha)
        .withThreshold(Settings.parseFraction("--threshold", threshold)).withRunBound(runBound);
    if (!simultaneous) {
      settings = settings.perComparison();
    }
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
    String tcg = tcgWarning(analysis);
    if (tcg != null) {
      out.println(tcg);
    }
    java.util.Map<Verdict, Long> verdicts = new java.util.EnumMap<>(Verdict.class);
    analysis.rows().stream().filter(r -> r.isMeasuredPrimary() && r.verdict() != null)
        .forEach(r -> verdicts.merge(r.verdict(), 1L, Long::sum));
    long primary = analysis.rows().stream().filter(Row::isMeasuredPrimary).count();
    long missing = analysis.rows().stream().filter(Row::lacksResult).count();
    int targets = analysis.targets().size();
    out.printf("%d target%s, %d benchmark results%s%n", targets, targets == 1 ? "" : "s", primary,
        analysis.baseline() == null ? "" : "; against " + analysis.baseline() + ": "
            + verdicts.getOrDefault(Verdict.SLOWER, 0L) + " slower, " + verdicts.getOrDefault(Verdict.FASTER, 0L)
            + " faster, " + verdicts.getOrDefault(Verdict.NO_CHANGE, 0L) + " no change, "
            + verdicts.getOrDefault(Verdict.INCONCLUSIVE, 0L) + " inconclusive");
    if (missing > 0) {
      out.println(missing + " benchmark result" + (missing == 1 ? " is" : "s are")
          + " missing (failed or not run): listed in the report as 'missing'");
    }
    analysis.notes().forEach(n -> out.println("note: " + n));
    String headline = HeadlineText.of(analysis);
    if (!headline.isEmpty()) {
      out.println();
      out.print(headline);
      out.println();
    }
    out.println("summary: " + w.json());
    out.println("charts:  " + w.charts().size() + " files in " + outDir.resolve("charts"));
    if (w.headlineChart() != null) {
      out.println("headline chart: " + w.headlineChart());
    }
    out.println(w.html());
    return Main.OK;
  }

  /** One line when a guest ran without KVM (the lab prints it too), else null. */
  static String tcgWarning(Analysis analysis) {
    return analysis.tcgTargets().isEmpty() ? null : "TCG: " + String.join(", ", analysis.tcgTargets())
        + " ran under QEMU's TCG; TCG numbers are not KVM numbers.";
  }
}
