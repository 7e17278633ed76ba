package io.virtpath.cli;

import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.LabOptions;
import io.virtpath.lab.LabRunner;
import io.virtpath.lab.spec.LabSpec;
import io.virtpath.runner.BenchmarkSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import io.virtpath.lab.supervise.LabSupervisor;

@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description = {
      "Boots the targets side by side -- host, an OCI container, a QEMU guest with emulated devices",
      "(IDE + e1000) and one with VirtIO -- and runs the same suites in each, in namespaces of its own.",
      "Writes RESULTS/<run-id>/ with one record per target, then prints the headline (each target against",
      "the host, the accelerators) and writes report.html there; the last line printed is that directory.",
      "Needs root; installs missing Debian packages itself."
    },
    footer = {"", "JMH options after '--' are passed to every target's run."})
final class LabCommand implements Callable<Integer> {
  /** Three replicates per target: the fewest that give every ratio an interval of its own. */
  static final int DEFAULT_ROUNDS = 3;
  /** With --budget and no --rounds: the budget decides, within reason. */
  static final int BUDGET_ROUNDS = 20;

  private final PrintStream out;

  LabCommand(PrintStream out) {
    this.out = out;
  }

  @Mixin SuiteSelection selection = new SuiteSelection();

  @Option(names = "--targets", paramLabel = "LIST",
      description = "run only these targets of the spec, comma-separated. Default: all")
  String targets;

  @Mixin LabSettings lab = new LabSettings();

  @Mixin MachineOptions machine = new MachineOptions();

  @Option(names = "--rounds", paramLabel = "N",
      description = "repeat the whole matrix N times, each round in a new random order; the rounds are the replicates "
          + "the intervals rest on (3 at least). Default: " + DEFAULT_ROUNDS + ", or with --budget as many as fit, up to "
          + BUDGET_ROUNDS)
  Integer rounds;

  @Option(names = "--budget", paramLabel = "DURATION",
      description = "start a round only while the longest round so far still ends within DURATION from the start "
          + "(e.g. 15m, 900s, 1h); every target gets each round, so replicates stay even")
  String budget;

  @Option(names = "--benchmarks", paramLabel = "SET", defaultValue = "headline",
      description = "headline (the headline table's benchmarks and their baselines, 13) or all (every benchmark of "
          + "the suites). Default: ${DEFAULT-VALUE}")
  String benchmarks;

  @Option(names = "--fork-per-benchmark",
      description = "start a fresh JVM for every benchmark in every target, as 'virtpath run' does, instead of one "
          + "JVM per target and round (about 25 s more per benchmark in a TCG guest)")
  boolean forkPerBenchmark;

  @Option(names = "--seed", paramLabel = "N", description = "seed of the target order (recorded). Default: random")
  Long seed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    // Everything the lab starts must die with it: run this command again inside the lab's own PID
    // and mount namespaces, with this process as the supervisor (see LabSupervisor).
    Integer supervised = LabSupervisor.superviseIfNeeded(thisJar(),
        spec.commandLine().getParseResult().originalArgs(), out);
    if (supervised != null) {
      return supervised;
    }
    // Every check of bad input is in lab.spec and LabOptions: none may wait until LabRunner has begun.
    LabSpec labSpec = lab.spec(targets, "--targets");
    LabOptions o = LabOptions.suites(
        selection.profile(),
        selection.suites(),
        selection.results,
        labSpec,
        lab.specSource(),
        lab.accel,
        rounds != null ? rounds : budget != null ? BUDGET_ROUNDS : DEFAULT_ROUNDS,
        seed != null ? seed : new java.security.SecureRandom().nextLong(),
        selection.jmhArgs,
        LabSettings.java(),
        thisJar(),
        lab.cache,
        lab.targetTimeout(),
        machine.policy(),
        BenchmarkSet.parse(benchmarks, "--benchmarks"),
        !forkPerBenchmark,
        budget == null ? null : Durations.parse(budget, "--budget"));
    // After the sealed record: the headline, the TCG warning, the headline chart and report.html, then the run
    // directory.
    LabRunner.Outcome outcome = new LabRunner(out, new LabSummary(out)::print).run(o);
    return outcome.status() == RunStatus.COMPLETE ? Main.OK : Main.FAILED;
  }

  /** The jar every target runs: this very one (targets see the host's root, so the path works there). */
  static Path thisJar() {
    return ThisJar.path("the lab", "lab");
  }
}
