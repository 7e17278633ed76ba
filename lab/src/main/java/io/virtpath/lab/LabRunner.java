package io.virtpath.lab;

import io.virtpath.core.FileTrees;
import io.virtpath.core.JvmFlags;
import io.virtpath.core.MachineLock;
import io.virtpath.core.ShutdownHook;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.guest.GuestImage;
import io.virtpath.lab.guest.HostCountersJson;
import io.virtpath.core.Json;
import io.virtpath.lab.net.LabNetwork;
import io.virtpath.lab.proc.ChildProcess;
import io.virtpath.lab.proc.Shell;
import io.virtpath.lab.spec.TargetSpec;
import io.virtpath.lab.target.LabTarget;
import io.virtpath.core.Resources;
import io.virtpath.lab.target.TargetContext;
import io.virtpath.lab.target.TargetRun;
import io.virtpath.runner.BuildInfo;
import io.virtpath.runner.ResultsDir;
import io.virtpath.runner.RunId;
import io.virtpath.runner.Suite;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import io.virtpath.lab.supervise.LabRuntime;
import io.virtpath.lab.supervise.LabSupervisor;
import io.virtpath.lab.supervise.Leftovers;
import io.virtpath.lab.supervise.Supervision;

/**
 * {@code virtpath lab}: boots the targets side by side and runs the same suites in each. Order of
 * work: check and install prerequisites, build the guest image and pick the accelerator (all before
 * anything is written, so bad input leaves nothing behind), then create the lab's private network
 * and peer, run every round in a shuffled target order, collect each target's record as it
 * finishes, and tear everything down — also on failure and on Ctrl-C.
 */
public final class LabRunner {
  public static final int PEER_PORT = 7777;
  /** How long the shutdown hook waits for the loop to collect the stopped target and seal. */
  static final Duration HOOK_WAIT = Duration.ofSeconds(90);

  private final PrintStream console;
  private final Consumer<Outcome> ending;

  public LabRunner(PrintStream console) {
    this(console, outcome -> console.println(outcome.runDir().toAbsolutePath()));
  }

  /**
   * @param ending the lab's last words, printed once the record is sealed and every target is
   *     stopped, after the status line; it must print the run directory last (the default prints
   *     only that). On Ctrl-C the shutdown hook waits for it as for the rest of the loop.
   */
  public LabRunner(PrintStream console, Consumer<Outcome> ending) {
    this.console = console;
    this.ending = ending;
  }

  /** Where the lab's record is and how the lab ended. */
  public record Outcome(Path runDir, RunStatus status) {}

  public Outcome run(LabOptions o) throws IOException, InterruptedException {
    Instant begun = Instant.now(); // a --budget counts from here: installs and image building included
    Prerequisites.ensure(o.spec(), console);
    // One benchmark at a time on a machine: the lab holds the machine for all its targets, and the
    // host target's run, which shares this machine's lock, is told so (hostEnv).
    try (MachineLock machine = MachineLock.acquire("virtpath " + o.kind(), o.machine(), console)) {
      return run(o, machine, begun);
    }
  }

  private Outcome run(LabOptions asked, MachineLock machine, Instant begun) throws IOException, InterruptedException {
    // the targets' runs must not wait for the other holder either when the lab runs --concurrent
    LabOptions o = machine.mode() == MachineLock.Mode.CONCURRENT ? asked.withInnerOption("--concurrent") : asked;
    Path results = ResultsDir.prepare(o.results());

    GuestImage image = null;
    Accelerator accel = null;
    if (o.spec().hasGuests()) {
      console.println("lab: preparing the guest kernel and initramfs (cached in " + o.cacheDir() + ") ...");
      image = GuestImage.prepare(o.cacheDir(), m -> console.println("  " + m));
      // says "probing KVM by booting ..." only when it boots: most answers take milliseconds
      accel = Accelerator.resolve(o.accel(), image, o.cacheDir(), m -> console.println("lab: " + m));
      console.println("lab: " + accel.banner());
    }

    Instant start = Instant.now();
    if (!LabSupervisor.supervised()) {
      // (a supervised lab sees only its own PID namespace: its supervisor swept, in the host's view)
      Leftovers.report(Leftovers.sweep("lab at " + start), console);
    }
    String runId = RunId.at(start);
    machine.describe("virtpath " + o.kind() + ", run id " + runId);
    Map<String, String> hostEnv = machine.childEnv() == null ? Map.of() : Map.of(MachineLock.ENV, machine.childEnv());
    long pid = Supervision.hostPid();
    Path runDir = Files.createDirectory(results.resolve(runId));
    Path work = Files.createDirectory(runDir.resolve(".work"));
    Path labLogs = Files.createDirectory(runDir.resolve("lab-logs"));

    List<LabTarget> targets = Targets.create(o.spec(), image, accel, o.profile().diskFileSize());
    int planned = targets.size() * o.rounds();
    LabJson lab = new LabJson(LabJson.FORMAT_VERSION, null, LabSupervisor.supervised(), o.spec(), o.specSource(), accel,
        Shell.uname(), o.spec().hasGuests() ? qemuVersion() : null,
        image == null ? null : new LabJson.GuestKernel(image.kernelVersion(), image.source()), List.of(), Map.of());
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, runId, o.kind(), start.toString(), null, RunStatus.RUNNING,
        null, BuildInfo.version(), o.profile().id(), o.suites().stream().map(Suite::id).toList(),
        options(o, machine), List.of());
    LabRecord<LabJson> record = new LabRecord<>(runDir, manifest, LabRecord.LAB_JSON, lab, planned);
    console.printf("lab %s: profile %s, suites %s, targets %s, %s; record in %s%n", runId, o.profile().id(),
        manifest.suites(), targets.stream().map(t -> t.spec().name()).toList(), o.budget() == null
            ? o.rounds() + " round(s)" : "at most " + o.rounds() + " round(s) within a budget of "
            + RoundBudget.shown(o.budget()), runDir);

    RunStatus status;
    // Set by the shutdown hook; the loop stops at the next target and seals the record itself, with
    // every target that ran collected (the one that was running included, as partial).
    AtomicReference<String> interruption = new AtomicReference<>();
    // Counted down once the record is sealed and the run directory printed: the JVM ends when the
    // hook returns, so the hook waits for this.
    CountDownLatch loopDone = new CountDownLatch(1);
    try {
      LabProgress progress = new LabProgress(console, o, targets, accel);
      status = runRounds(o, runId, runDir, work, labLogs, targets, progress, manifest, record, pid, hostEnv, interruption,
          loopDone, begun);
      // Resources are closed: every target is stopped and the runtime directory is gone.
      try {
        FileTrees.delete(work);
      } catch (IOException e) {
        console.println("lab: could not remove " + work + ": " + e.getMessage());
      }
      console.println("status: " + status.json()
          + (record.manifest().reason() == null ? "" : " (" + record.manifest().reason() + ")"));
      ending.accept(new Outcome(runDir, status));
    } finally {
      loopDone.countDown();
    }
    return new Outcome(runDir, status);
  }

  private RunStatus runRounds(LabOptions o, String runId, Path runDir, Path work, Path labLogs, List<LabTarget> targets,
      LabProgress progress, Manifest manifest, LabRecord<LabJson> record, long pid, Map<String, String> hostEnv,
      AtomicReference<String> interruption,
      CountDownLatch loopDone, Instant begun) throws IOException, InterruptedException {
    RunStatus status;
    try (Resources res = new Resources()) {
      LabRuntime runtime = res.add(LabRuntime.create(runId.substring(runId.length() - 4)
          + String.format("%02x", pid & 0xff), runDir));
      String labId = runtime.labId();
      record.update(l -> l.withLabId(labId)); // names its namespaces, containers and runtime directory
      try (ShutdownHook hook = ShutdownHook.install("virtpath-lab-interrupt", () -> {
        interruption.compareAndSet(null, "interrupted by a signal");
        res.close(); // stops the running target: its run returns and is collected by the loop
        try {
          if (!loopDone.await(HOOK_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            record.finish(interruption.get() + "; the lab did not stop within " + HOOK_WAIT.toSeconds() + " s");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      })) {
        try {
          LabNetwork net = res.add(LabNetwork.create(labId, labLogs));
          startPeer(net, o, labLogs, res);
          for (LabService s : o.services()) {
            startService(net, s, labLogs, res);
          }
          InnerRun inner = o.innerRun().withPeerIp(net.peerIp());
          Random order = new Random(o.seed());
          RoundBudget budget = new RoundBudget(o.budget(), begun);
          for (int round = 1; round <= o.rounds() && interruption.get() == null; round++) {
            if (!budget.allowsAnother()) {
              console.println("lab: " + budget.stopReason(round - 1));
              record.endedByBudget(targets.size() * (round - 1), round - 1, budget.stopReason(round - 1));
              break;
            }
            budget.roundStarts();
            List<LabTarget> shuffled = new ArrayList<>(targets);
            java.util.Collections.shuffle(shuffled, order);
            List<String> names = shuffled.stream().map(t -> t.spec().name()).toList();
            LabJson.Round r = new LabJson.Round(round, names);
            record.update(l -> l.withRound(r));
            for (LabTarget t : shuffled) {
              if (interruption.get() != null) {
                break;
              }
              runTarget(t, round, o, runDir, work, runtime, net, inner, res, record, progress, hostEnv);
            }
            budget.roundEnds();
          }
          status = record.finish(interruption.get());
        } catch (IOException | RuntimeException | InterruptedException | Error e) {
          // whatever breaks the loop, the record says so instead of staying "running"
          String why = interruption.get() != null ? interruption.get()
              : "lab failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
          record.finish(why);
          throw e;
        }
      }
    }
    return status;
  }

  private void runTarget(LabTarget t, int round, LabOptions o, Path runDir, Path work, LabRuntime runtime, LabNetwork net,
      InnerRun inner, Resources res, LabRecord<LabJson> record, LabProgress progress, Map<String, String> hostEnv)
      throws IOException, InterruptedException {
    TargetSpec spec = t.spec();
    String label = o.rounds() == 1 || round == 1 ? spec.name() : spec.name() + ".r" + round;
    Path targetWork = Files.createDirectories(work.resolve(label));
    Path staging = Files.createDirectories(targetWork.resolve("results"));
    Path recordDir = Files.createDirectories(runDir.resolve(label));
    Path logDir = Files.createDirectories(recordDir.resolve("logs"));
    Duration timeout = Timeouts.forTarget(o, spec, record.manifest().profile());
    progress.starting(label, round);
    TargetContext ctx = new TargetContext(label, targetWork, runtime.targetDir(label), logDir, staging, inner, timeout, net,
        o.spec().vcpus(), o.spec().memoryMiB(), line -> progress.phase(label, line), res, hostEnv);
    TargetRun run;
    try {
      run = t.run(ctx);
    } catch (IOException | RuntimeException e) {
      run = new TargetRun(null, false, e.getClass().getSimpleName() + ": " + e.getMessage(), 0, null, List.of(), Map.of());
    }
    Manifest.TargetEntry entry = RecordCollector.collect(staging, recordDir, label, run);
    if (run.hostCounters() != null) {
      // after the collection: whatever the guest put in its record, this file is the host's
      Json.write(recordDir.resolve(HostCountersJson.FILE), run.hostCounters());
    }
    TargetRun ran = run;
    record.update(l -> l.withTarget(label, new LabJson.TargetRunDetails(spec.name(), round, spec.kind().id(),
        ran.exitCode(), ran.timedOut(), ran.failure(), Math.round(ran.seconds() * 10) / 10.0, ran.bootSeconds(),
        timeout.toSeconds(), Shell.quote(ran.commandLine()), ran.details())));
    record.add(entry);
    progress.finished(label, entry, run);
  }

  private void startPeer(LabNetwork net, LabOptions o, Path logDir, Resources res) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(o.java().toString()));
    cmd.addAll(JvmFlags.REQUIRED);
    cmd.addAll(List.of("-jar", o.jar().toString(), "peer", "--listen", LabService.PEER_IP + ":" + PEER_PORT));
    startService(net, new LabService("peer", cmd, "listening on"), logDir, res);
  }

  private void startService(LabNetwork net, LabService s, Path logDir, Resources res)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.labNamespace()));
    cmd.addAll(s.resolved(net.peerIp()));
    res.add(ChildProcess.start(s.name(), cmd, logDir)).awaitOutput(s.ready(), Duration.ofSeconds(60));
    console.println("lab: " + s.name() + " listening on " + net.peerIp() + " in namespace " + net.labNamespace());
  }

  private static Map<String, Object> options(LabOptions o, MachineLock machine) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("machineLock", machine.mode().json());
    m.put("concurrent", machine.mode() == MachineLock.Mode.CONCURRENT);
    m.put("spec", o.specSource());
    m.put("accel", o.accel());
    m.put("rounds", o.rounds());
    m.put("budgetSeconds", o.budget() == null ? null : o.budget().toSeconds());
    m.put("benchmarkSet", o.innerRun().command().equals("run") ? o.set().id() : null);
    m.put("sharedJvm", o.inner() == null && o.sharedJvm());
    m.put("seed", o.seed());
    m.put("targets", o.spec().targets().stream().map(TargetSpec::name).toList());
    m.put("jmhPassThrough", o.jmhArgs());
    m.put("targetTimeoutSeconds", o.targetTimeout() == null ? null : o.targetTimeout().toSeconds());
    return m;
  }

  private static String qemuVersion() {
    try {
      String out = Shell.run(Duration.ofSeconds(20), "qemu-system-x86_64", "--version").stdout();
      return out.lines().findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }


}
