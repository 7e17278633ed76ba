package io.virtpath.cli;

import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.read.Loaded;
import io.virtpath.analysis.report.HeadlineText;
import io.virtpath.analysis.report.ReportWriter;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Settings;
import io.virtpath.core.FileTrees;
import io.virtpath.core.ShutdownHook;
import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.LabRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * The lab's answer on the console once its record is sealed: the headline table (each target
 * against the host, the accelerator of each), the TCG warning, the headline chart (the same table
 * drawn, charts/headline-forest.png) and the report written into the run directory itself -- what
 * {@code virtpath report RUN_DIR --out RUN_DIR} makes (report.html, summary.json, summary.csv and
 * charts/ are names a target can never take). The run directory
 * stays the last line. The record is the lab's result and the report only reads it, so a report
 * that cannot be made costs one line, never the exit code or the record.
 */
final class LabSummary {
  /**
   * How long a Ctrl-C that arrives while the report is written waits for it (and for the run
   * directory line): a quick lab's report takes seconds; the supervisor waits 120 s in all.
   */
  static final Duration SIGNAL_WAIT = Duration.ofSeconds(60);

  /** What ReportWriter writes, in the order they are moved into the run directory. */
  private static final List<String> FILES = List.of("charts", "summary.json", "summary.csv", "report.html");

  private final PrintStream out;

  LabSummary(PrintStream out) {
    this.out = out;
  }

  /** The lab's last lines (see {@link LabRunner#LabRunner(PrintStream, java.util.function.Consumer)}). */
  void print(LabRunner.Outcome outcome) {
    Path runDir = outcome.runDir().toAbsolutePath();
    CountDownLatch printed = new CountDownLatch(1);
    ShutdownHook hook = waitOnSignal(printed);
    try {
      // failed means no target produced a result: there is nothing to compare, the status says why
      if (outcome.status() != RunStatus.FAILED) {
        report(runDir);
      }
      out.println(runDir);
    } finally {
      printed.countDown();
      if (hook != null) {
        hook.close();
      }
    }
  }

  private void report(Path runDir) {
    List<String> lines = new ArrayList<>();
    try {
      // After Ctrl-C this runs while the JVM shuts down, where ImageIO's file cache cannot register
      // its own shutdown hook and every PNG would fail: charts are small, keep them in memory.
      ImageIO.setUseCache(false);
      Loaded loaded = Inputs.load(List.of(runDir));
      loaded.skipped().forEach(s -> lines.add("skipped " + s));
      Analysis analysis = new Analyzer(Settings.DEFAULTS.perComparison()).analyze(loaded, null);
      ReportWriter.Written written = writeReport(analysis, runDir);
      String headline = HeadlineText.of(analysis);
      if (!headline.isEmpty()) {
        lines.add("");
        lines.add(headline.stripTrailing());
        lines.add("");
      }
      String tcg = ReportCommand.tcgWarning(analysis);
      if (tcg != null) {
        lines.add(tcg);
      }
      if (written.headlineChart() != null) {
        lines.add("headline chart: " + written.headlineChart());
      }
      lines.add("report: " + written.html());
    } catch (Exception | Error e) {
      // Errors too (a headless JDK without fonts throws them from the charts): the record is
      // sealed, and nothing the report does may cost the user the run directory or the exit code.
      out.println("report: not written: " + oneLine(e) + "; make it with: virtpath report " + runDir
          + " --out " + runDir);
      return;
    }
    lines.forEach(out::println);
  }

  /**
   * {@link ReportWriter#write} into a hidden directory of the run directory, then each file renamed
   * beside the targets, report.html last: a report that fails half-way leaves nothing behind, and
   * a report.html there means the rest is there too. (A target's name never starts with '.'.)
   * Returns the files where they are now, in the run directory.
   */
  static ReportWriter.Written writeReport(Analysis analysis, Path runDir) throws IOException {
    for (String f : FILES) {
      if (Files.exists(runDir.resolve(f), LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(runDir.resolve(f) + " exists already; the lab does not overwrite it");
      }
    }
    Path stage = Files.createTempDirectory(runDir, ".report-");
    ReportWriter.Written w;
    try {
      w = ReportWriter.write(analysis, stage);
      for (String f : FILES) {
        Files.move(stage.resolve(f), runDir.resolve(f), StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      FileTrees.delete(stage);
    }
    java.util.function.UnaryOperator<Path> moved = p -> p == null ? null : runDir.resolve(stage.relativize(p));
    return new ReportWriter.Written(moved.apply(w.html()), moved.apply(w.json()), moved.apply(w.csv()),
        w.charts().stream().map(moved).toList(), moved.apply(w.headlineChart()));
  }

  /** A reason on one line: the analysis lists skipped inputs on lines of their own. */
  static String oneLine(Throwable e) {
    String m = e.getMessage();
    String why = m == null || m.isBlank() ? e.getClass().getSimpleName()
        : e instanceof io.virtpath.core.UsageException ? m : e.getClass().getSimpleName() + ": " + m;
    return why.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  /**
   * A hook that holds the JVM until the last line is out, so a signal during the report neither
   * leaves it half-written nor loses the run directory line. None when the JVM is shutting down
   * already (the lab was interrupted): the lab's own hook waits for its loop, and so for this.
   */
  private static ShutdownHook waitOnSignal(CountDownLatch printed) {
    try {
      return ShutdownHook.install("virtpath-lab-summary", () -> {
        try {
          printed.await(SIGNAL_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    } catch (IllegalStateException shuttingDown) {
      return null;
    }
  }
}
