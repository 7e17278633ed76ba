package io.virtpath.lab;

import io.virtpath.core.FileTrees;
import io.virtpath.core.ShutdownHook;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.guest.GuestImage;
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

/**
 * {@code virtpath lab}: boots the targets side by side and runs the same suites in each. Order of
 * work: check and install prerequisites, build the guest image and pick the accelerator (all before
 * anything is written, so bad input leaves nothing behind), then create the lab's private network
 * and peer, run every round in a shuffled target order, collect each target's record as it
 * finishes, and tear everything down — also on failure and on Ctrl-C.
 */
public final class LabRunner {
  public static final int PEER_PORT = 7777;

  private final PrintStream console;

  public LabRunner(PrintStream console) {
    this.console = console;
  }

  /** Where the lab's record is and how the lab ended. */
  public record Outcome(Path runDir, RunStatus status) {}

  public Outcome run(LabOptions o) throws IOException, InterruptedException {
    Prerequisites.ensure(o.spec(), console);
    Path results = ResultsDir.prepare(o.results());

    GuestImage image = null;
    Accelerator accel = null;
    if (o.spec().hasGuests()) {
      console.println("lab: preparing the guest kernel and initramfs (cached in " + o.cacheDir() + ") ...");
      image = GuestImage.prepare(o.cacheDir(), m -> console.println("  " + m));
      if (!o.accel().equals("tcg")) {
        console.println("lab: probing KVM by booting a tiny guest (at most " + Accelerator.PROBE_TIMEOUT.toSeconds() + " s) ...");
      }
      accel = Accelerator.resolve(o.accel(), image, o.cacheDir());
      console.println("lab: " + accel.banner());
    }

    Instant start = Instant.now();
    String runId = RunId.at(start);
    String labId = runId.substring(runId.length() - 4) + Long.toHexString(ProcessHandle.current().pid() & 0xff);
    Path runDir = Files.createDirectory(results.resolve(runId));
    Path work = Files.createDirectory(runDir.resolve(".work"));
    Path labLogs = Files.createDirectory(runDir.resolve("lab-logs"));

    List<LabTarget> targets = Targets.create(o.spec(), image, accel, o.profile().diskFileSize());
    int planned = targets.size() * o.rounds();
    Map<String, Object> lab = new LinkedHashMap<>();
    lab.put("spec", o.spec());
    lab.put("specSource", o.specSource());
    lab.put("accelerator", accel);
    lab.put("hostKernel", Shell.uname());
    lab.put("qemuVersion", o.spec().hasGuests() ? qemuVersion() : null);
    lab.put("guestKernel", image == null ? null : Map.of("version", image.kernelVersion(), "source", image.source()));
    lab.put("rounds", new ArrayList<>());
    lab.put("targets", new LinkedHashMap<>());
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, runId, o.kind(), start.toString(), null, RunStatus.RUNNING,
        null, BuildInfo.version(), o.profile().id(), o.suites().stream().map(Suite::id).toList(),
        options(o), List.of());
    LabRecord record = new LabRecord(runDir, manifest, lab, planned);
    console.printf("lab %s: profile %s, suites %s, targets %s, %d round(s); record in %s%n", runId, o.profile().id(),
        manifest.suites(), targets.stream().map(t -> t.spec().name()).toList(), o.rounds(), runDir);

    RunStatus status;
    try (Resources res = new Resources()) {
      try (ShutdownHook hook = ShutdownHook.install("virtpath-lab-interrupt", () -> {
        record.finish("interrupted by a signal");
        res.close();
      })) {
        LabNetwork net = res.add(LabNetwork.create(labId, labLogs));
        startPeer(net, o, labLogs, res);
        for (LabService s : o.services()) {
          startService(net, s, labLogs, res);
        }
        InnerRun inner = o.inner() != null ? o.inner().withPeerIp(net.peerIp()) : InnerRun.suites(o.java(), o.jar(), o.profile().id(),
            manifest.suites(), net.peerIp() + ":" + PEER_PORT, o.jmhArgs());
        LabProgress progress = new LabProgress(console, o, targets, accel);
        Random order = new Random(o.seed());
        for (int round = 1; round <= o.rounds() && !record.finished(); round++) {
          List<LabTarget> shuffled = new ArrayList<>(targets);
          java.util.Collections.shuffle(shuffled, order);
          List<String> names = shuffled.stream().map(t -> t.spec().name()).toList();
          @SuppressWarnings("unchecked")
          List<Object> rounds = (List<Object>) lab.get("rounds");
          rounds.add(Map.of("round", round, "order", names));
          record.put("rounds", rounds);
          for (LabTarget t : shuffled) {
            if (record.finished()) {
              break;
            }
            runTarget(t, round, o, runDir, work, net, inner, res, record, progress, lab);
          }
        }
      }
      status = record.finish(null);
    }
    try {
      FileTrees.delete(work);
    } catch (IOException e) {
      console.println("lab: could not remove " + work + ": " + e.getMessage());
    }
    console.println("status: " + status.json()
        + (record.manifest().reason() == null ? "" : " (" + record.manifest().reason() + ")"));
    console.println(runDir.toAbsolutePath());
    return new Outcome(runDir, status);
  }

  private void runTarget(LabTarget t, int round, LabOptions o, Path runDir, Path work, LabNetwork net, InnerRun inner,
      Resources res, LabRecord record, LabProgress progress, Map<String, Object> lab) throws IOException, InterruptedException {
    TargetSpec spec = t.spec();
    String label = o.rounds() == 1 || round == 1 ? spec.name() : spec.name() + ".r" + round;
    Path targetWork = Files.createDirectories(work.resolve(label));
    Path staging = Files.createDirectories(targetWork.resolve("results"));
    Path recordDir = Files.createDirectories(runDir.resolve(label));
    Path logDir = Files.createDirectories(recordDir.resolve("logs"));
    Duration timeout = Timeouts.forTarget(o, spec, record.manifest().profile());
    progress.starting(label, round);
    TargetContext ctx = new TargetContext(label, targetWork, logDir, staging, inner, timeout, net,
        o.spec().vcpus(), o.spec().memoryMiB(), line -> progress.phase(label, line), res);
    TargetRun run;
    try {
      run = t.run(ctx);
    } catch (IOException | RuntimeException e) {
      run = new TargetRun(null, false, e.getClass().getSimpleName() + ": " + e.getMessage(), 0, null, List.of(), Map.of());
    }
    Manifest.TargetEntry entry = RecordCollector.collect(staging, recordDir, label, run);
    @SuppressWarnings("unchecked")
    Map<String, Object> details = (Map<String, Object>) lab.get("targets");
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("target", spec.name());
    d.put("round", round);
    d.put("kind", spec.kind().id());
    d.put("exitCode", run.exitCode());
    d.put("timedOut", run.timedOut());
    d.put("failure", run.failure());
    d.put("wallSeconds", Math.round(run.seconds() * 10) / 10.0);
    d.put("bootSeconds", run.bootSeconds());
    d.put("timeoutSeconds", timeout.toSeconds());
    d.put("commandLine", Shell.quote(run.commandLine()));
    d.put("devices", run.details());
    details.put(label, d);
    record.put("targets", details);
    record.add(entry);
    progress.finished(label, entry, run);
  }

  private void startPeer(LabNetwork net, LabOptions o, Path logDir, Resources res) throws IOException, InterruptedException {
    startService(net, new LabService("peer", List.of(o.java().toString(), "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-jar", o.jar().toString(), "peer", "--listen",
        LabService.PEER_IP + ":" + PEER_PORT), "listening on"), logDir, res);
  }

  private void startService(LabNetwork net, LabService s, Path logDir, Resources res)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.labNamespace()));
    cmd.addAll(s.resolved(net.peerIp()));
    res.add(ChildProcess.start(s.name(), cmd, logDir)).awaitOutput(s.ready(), Duration.ofSeconds(60));
    console.println("lab: " + s.name() + " listening on " + net.peerIp() + " in namespace " + net.labNamespace());
  }

  private static Map<String, Object> options(LabOptions o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", o.specSource());
    m.put("accel", o.accel());
    m.put("rounds", o.rounds());
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
