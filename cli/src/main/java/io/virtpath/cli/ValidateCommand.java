package io.virtpath.cli;

import io.virtpath.core.UsageException;
import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.spec.LabSpec;
import io.virtpath.validate.ValidateOptions;
import io.virtpath.validate.Validation;
import io.virtpath.validate.Validator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the suites against the standard tools on the same target, round by round:",
      "getpid and clock_gettime against a C loop (compiled with cc), the disk suite",
      "against fio on the same file, TCP round trips against sockperf and the stream",
      "against iperf3, on the same peer path. Prints virtpath/reference ratios with",
      "confidence intervals; writes RESULTS/<run-id>/validation.json and",
      "charts/validation.{png,svg}. Installs fio, sockperf, iperf3 and gcc when missing",
      "(as root). The last line printed is the run directory."
    })
final class ValidateCommand implements Callable<Integer> {
  private final PrintStream out;

  ValidateCommand(PrintStream out) {
    this.out = out;
  }

  @Mixin SuiteSelection selection = new SuiteSelection();

  @Option(names = "--target", paramLabel = "LIST", defaultValue = Validation.HOST,
      description = "host (this machine, peers on loopback), or lab targets of the spec, comma-separated "
          + "(e.g. emulated,virtio; 'host' among them is the lab's host target). Default: ${DEFAULT-VALUE}")
  String target;

  @Option(names = "--rounds", paramLabel = "N",
      description = "interleaved rounds (each is one replicate of every pair). Default: smoke 2, quick 3, standard 5, thorough 10")
  Integer rounds;

  @Option(names = "--seed", paramLabel = "N", description = "seed of the pair order within rounds (recorded). Default: random")
  Long seed;

  @Option(names = "--scratch", paramLabel = "DIR",
      description = "directory on the disk to measure (host target). Default: a temp dir inside --results")
  Path scratch;

  @Mixin LabSettings lab = new LabSettings();

  @Mixin MachineOptions machine = new MachineOptions();

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  // Set by the lab when it runs a validation inside a target: this target's name, and where the
  // lab's peer and reference servers listen.
  @Option(names = "--label", hidden = true)
  String label;

  @Option(names = "--peer-host", hidden = true)
  String peerHost;

  @Override
  public Integer call() throws Exception {
    if (!selection.jmhArgs.isEmpty()) {
      throw new UsageException("validate takes no JMH options (" + String.join(" ", selection.jmhArgs)
          + "): both sides run the profile's timing, so that they measure alike; choose --profile instead");
    }
    if (rounds != null && (rounds < 1 || rounds > 100)) {
      throw new UsageException("--rounds " + rounds + " is out of range: use 1 to 100");
    }
    // bad input first, before any tool is installed or anything created
    if (label != null) {
      io.virtpath.runner.RunRecord.checkLabel(label, "--label");
    }
    io.virtpath.runner.ResultsDir.checkName(selection.results, "--results");
    if (scratch != null) {
      io.virtpath.runner.ResultsDir.checkName(scratch, "--scratch");
    }
    var policy = machine.policy();
    var profile = selection.profile();
    var suites = selection.suites();
    int n = rounds != null ? rounds : ValidateOptions.defaultRounds(profile);
    long s = seed != null ? seed : new java.security.SecureRandom().nextLong();
    Validation validation = new Validation(out);
    Validation.Outcome outcome;
    if (peerHost != null || target.strip().equals(Validation.HOST)) {
      boolean inner = peerHost != null;
      ValidateOptions o = new ValidateOptions(profile, suites, label != null ? label : Validation.HOST,
          selection.results, scratch, peerHost, n, s, Validation.CONFIDENCE, policy);
      Validator.check(o);
      outcome = validation.here(o, inner);
    } else {
      if (scratch != null) {
        throw new UsageException("--scratch applies to the host target only: lab targets measure their own disk");
      }
      // as for lab: what the lab starts must die with it (LabSupervisor)
      Integer supervised = io.virtpath.lab.supervise.LabSupervisor.superviseIfNeeded(LabCommand.thisJar(),
          spec.commandLine().getParseResult().originalArgs(), out);
      if (supervised != null) {
        return supervised;
      }
      LabSpec labSpec = lab.spec(target, "--target");
      outcome = validation.lab(new Validation.LabRequest(profile, suites, selection.results, labSpec,
          lab.specSource(), lab.accel, n, s, LabSettings.java(), LabCommand.thisJar(), lab.cache, lab.targetTimeout(),
          policy));
    }
    return outcome.status() == RunStatus.COMPLETE ? Main.OK : Main.FAILED;
  }
}
