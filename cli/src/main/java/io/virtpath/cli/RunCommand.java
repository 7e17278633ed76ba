package io.virtpath.cli;

import io.virtpath.core.record.RunStatus;
import io.virtpath.runner.BenchmarkSet;
import io.virtpath.runner.RunOptions;
import io.virtpath.runner.SuiteRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the suites on this machine (host, container or guest) and writes a run record:",
      "RESULTS/<run-id>/manifest.json and RESULTS/<run-id>/<label>/{jmh.json,metrics.json,environment.json}.",
      "The last line printed is the run directory."
    },
    footer = {"", "JMH options after '--' override the profile, e.g.: virtpath run -- -f 2 -i 10"})
final class RunCommand implements Callable<Integer> {
  private final PrintStream out;

  RunCommand(PrintStream out) {
    this.out = out;
  }

  @Mixin SuiteSelection selection = new SuiteSelection();

  @Option(names = "--label", paramLabel = "NAME",
      description = "name of this target's record inside the run directory. Default: this host's name")
  String label;

  @Option(names = "--scratch", paramLabel = "DIR",
      description = "directory on the disk to measure (disk suite). Default: a temp dir inside --results")
  Path scratch;

  @Option(names = "--peer", paramLabel = "HOST:PORT",
      description = "a running 'virtpath peer' (network suite). Default: an in-process peer on loopback")
  String peer;

  @Option(names = "--allow-buffered",
      description = "run the disk suite through the page cache when the filesystem refuses O_DIRECT (recorded; numbers are then not disk numbers)")
  boolean allowBuffered;

  @Option(names = "--benchmarks", paramLabel = "SET", defaultValue = "all",
      description = "headline (the report's headline table and the baselines) or all. Default: ${DEFAULT-VALUE}")
  String benchmarks;

  @Option(names = "--shared-jvm",
      description = "run every benchmark in this JVM (JMH -f 0) instead of a fresh JVM per benchmark; needs --peer "
          + "for the network suite. The lab uses it: under TCG a JVM per benchmark costs about 20 s")
  boolean sharedJvm;

  @Option(names = "--no-counters",
      description = "leave out the kernel counters profiler (interrupts, softirqs, context switches, CPU split per "
          + "operation) that every benchmark gets by default; -prof counters after '--' still adds it")
  boolean noCounters;

  @Mixin MachineOptions machine = new MachineOptions();

  @Override
  public Integer call() throws Exception {
    RunOptions options =
        new RunOptions(
            selection.profile(),
            selection.suites(),
            label != null ? label : Hostname.label(),
            selection.results,
            scratch,
            peer,
            allowBuffered,
            selection.jmhArgs,
            machine.policy(),
            BenchmarkSet.parse(benchmarks, "--benchmarks"),
            sharedJvm,
            !noCounters);
    SuiteRunner.Outcome outcome = new SuiteRunner(out, Path.of("/")).run(options);
    return outcome.status() == RunStatus.COMPLETE ? Main.OK : Main.FAILED;
  }
}
