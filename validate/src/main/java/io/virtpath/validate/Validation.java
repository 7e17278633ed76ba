package io.virtpath.validate;

import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.InnerRun;
import io.virtpath.lab.LabOptions;
import io.virtpath.lab.LabRunner;
import io.virtpath.lab.LabService;
import io.virtpath.lab.spec.LabSpec;
import io.virtpath.lab.spec.TargetSpec;
import io.virtpath.runner.BenchmarkSet;
import io.virtpath.runner.Profile;
import io.virtpath.runner.Suite;
import io.virtpath.validate.reference.Iperf3;
import io.virtpath.validate.reference.Sockperf;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code virtpath validate}: on this machine directly (target {@code host}), or inside lab
 * targets, where the lab boots each target and runs this same validation inside it against peers
 * it starts in its own namespace (virtpath's peer, a sockperf and an iperf3 server). Either way
 * the run directory ends with the top-level validation.json, the ratio chart and the table.
 */
public final class Validation {
  public static final String HOST = "host";
  public static final double CONFIDENCE = 0.95;

  private final PrintStream console;

  public Validation(PrintStream console) {
    this.console = console;
  }

  /** Where the record is and how it ended. */
  public record Outcome(Path runDir, RunStatus status) {}

  /**
   * Validation right here: {@code --target host}, and what each lab target runs inside itself
   * ({@code inner}: the tools were installed by the lab's host, and the lab writes the summary).
   */
  public Outcome here(ValidateOptions o, boolean inner) throws IOException, InterruptedException {
    if (!inner) {
      ReferenceTools.ensure(Pair.of(o.suites()), console);
    }
    Validator.Outcome v = new Validator(console, Path.of("/")).run(o);
    if (v.reported()) {
      return new Outcome(v.runDir(), v.status());
    }
    List<ValidationSummary.Target> targets =
        List.of(new ValidationSummary.Target(o.label(), null, v.result()));
    if (inner) {
      ValidationTable.print(console, targets);
      console.println(v.runDir().toAbsolutePath());
    } else {
      finish(v.runDir(), o.profile(), targets);
    }
    return new Outcome(v.runDir(), v.status());
  }

  /** Inside the named lab targets, one after another (each its own validation, same rounds and seed). */
  public Outcome lab(LabRequest r) throws IOException, InterruptedException {
    List<Pair> pairs = Pair.of(r.suites());
    ReferenceTools.ensure(pairs, console); // the targets see the host's root: installed here, there too
    List<String> args = new ArrayList<>(List.of("--profile", r.profile().id(),
        "--suites", String.join(",", r.suites().stream().map(Suite::id).toList()),
        "--rounds", String.valueOf(r.rounds()), "--seed", String.valueOf(r.seed()),
        "--peer-host", LabService.PEER_IP));
    List<LabService> services = new ArrayList<>();
    if (Pair.covers(pairs, Suite.NETWORK)) {
      services.add(new LabService("sockperf-server",
          Sockperf.serverCommand(LabService.PEER_IP, ValidateOptions.Ports.SOCKPERF), Sockperf.READY));
      services.add(new LabService("iperf3-server",
          Iperf3.serverCommand(LabService.PEER_IP, ValidateOptions.Ports.IPERF3), Iperf3.READY));
    }
    LabOptions o = new LabOptions(r.profile(), r.suites(), r.results(), r.spec(), r.specSource(), r.accel(), 1,
        r.seed(), List.of(), r.java(), r.jar(), r.cacheDir(), r.targetTimeout(),
        new InnerRun(r.java(), r.jar(), "validate", args), services, "validate", r.machine(), BenchmarkSet.ALL, false,
        null);
    LabRunner.Outcome lab = new LabRunner(console).run(o);
    List<ValidationSummary.Target> targets = new ArrayList<>();
    String accel = accelerator(lab.runDir());
    for (TargetSpec t : r.spec().targets()) {
      TargetValidation v = ValidationSummary.read(lab.runDir(), t.name());
      if (v != null) {
        targets.add(new ValidationSummary.Target(t.name(), t.isGuest() ? accel : null, v));
      } else {
        console.println("validate: target " + t.name() + " wrote no validation (see " + lab.runDir().resolve(t.name()) + "/logs)");
      }
    }
    finish(lab.runDir(), r.profile(), targets);
    return new Outcome(lab.runDir(), lab.status());
  }

  /** What {@link #lab} needs: the lab's own settings and the validation's. */
  public record LabRequest(Profile profile, List<Suite> suites, Path results, LabSpec spec, String specSource,
      String accel, int rounds, long seed, Path java, Path jar, Path cacheDir, Duration targetTimeout,
      io.virtpath.core.MachineLock.Policy machine) {}

  private void finish(Path runDir, Profile profile, List<ValidationSummary.Target> targets) throws IOException {
    ValidationSummary.write(runDir, runDir.getFileName().toString(), profile.id(), targets);
    ValidationTable.print(console, targets);
    console.println("validation: " + runDir.resolve(ValidationRecord.FILE) + ", chart "
        + runDir.resolve("charts").resolve("validation.png"));
    console.println(runDir.toAbsolutePath()); // last line: the run directory, as run and lab print it
  }

  /** The accelerator the lab used for its guests, from lab.json ("tcg", "kvm"). */
  private static String accelerator(Path runDir) {
    try {
      var lab = io.virtpath.core.Json.mapper().readTree(runDir.resolve("lab.json").toFile());
      String mode = lab.path("accelerator").path("used").asText("");
      return mode.isEmpty() ? null : mode.toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      return null;
    }
  }
}
