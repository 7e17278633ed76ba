package io.virtpath.remote;

import io.virtpath.core.FileTrees;
import io.virtpath.core.JvmFlags;
import io.virtpath.core.Resources;
import io.virtpath.core.ShutdownHook;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.LabRecord;
import io.virtpath.lab.RecordCollector;
import io.virtpath.lab.proc.ChildProcess;
import io.virtpath.remote.spec.RemoteTarget;
import io.virtpath.remote.transport.RemoteProcess;
import io.virtpath.remote.transport.Scripts;
import io.virtpath.remote.transport.Transport;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * {@code virtpath remote}: the suites in the user's own guests and containers. Starts the peer
 * (when asked), then runs every round in a seeded shuffled order — targets of one host one after
 * another, different hosts at once with {@code --parallel-hosts} — deploying the bundle, running,
 * and collecting each target's record into the lab's layout as it finishes. A target that fails
 * ends with its reason and the others go on; Ctrl-C hangs up every remote command (the targets stop
 * their process groups), keeps what was measured and seals the record.
 */
public final class RemoteRunner {
  /** How long the shutdown hook waits for the loop to hang up, fetch what was measured and seal. */
  static final Duration HOOK_WAIT = Duration.ofSeconds(150);

  private final PrintStream console;
  private final Consumer<Outcome> ending;
  /** Target name → ids of dead runs that worked in the same target (same URI and scratch). */
  private Map<String, List<String>> deadRuns = Map.of();

  /** @param ending the last words once the record is sealed (the headline); must print the run directory last */
  public RemoteRunner(PrintStream console, Consumer<Outcome> ending) {
    this.console = console;
    this.ending = ending;
  }

  public record Outcome(Path runDir, RunStatus status) {}

  public Outcome run(RemoteOptions o, Bundle bundle) throws IOException, InterruptedException {
    Path results = ResultsDir.prepare(o.results());
    // records of controllers killed earlier: sealed, their .work removed here; their work
    // directories in the targets go at each target's first probe
    deadRuns = deadRunsByTarget(DeadRuns.sweep(results, console), o.spec().targets());
    Instant start = Instant.now();
    String runId = RunId.at(start);
    Path runDir = Files.createDirectory(results.resolve(runId));
    DeadRuns.claim(runDir); // before the manifest: a record "running" always names its controller
    Path work = Files.createDirectory(runDir.resolve(".work"));
    Path logs = Files.createDirectory(runDir.resolve("remote-logs"));
    List<RemoteTarget> targets = o.spec().targets();
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, runId, "remote", start.toString(), null,
        RunStatus.RUNNING, null, BuildInfo.version(), o.profile().id(), o.suites().stream().map(Suite::id).toList(),
        options(o), List.of());
    LabRecord<RemoteJson> record = new LabRecord<>(runDir, manifest, RemoteJson.FILE,
        RemoteJson.start(o.spec(), bundle), targets.size() * o.rounds());
    console.printf(Locale.ROOT, "remote %s: profile %s, suites %s, targets %s, %d round(s)%s; record in %s%n", runId,
        o.profile().id(), manifest.suites(), o.spec().targetList(), o.rounds(),
        o.parallelHosts() ? ", hosts in parallel" : "", runDir);
    console.printf(Locale.ROOT, "remote: bundle %s (%.1f MB, needs glibc >= %s)%n", bundle.tarball().getFileName(),
        bundle.bytes() / 1e6, bundle.glibc());

    AtomicReference<String> interruption = new AtomicReference<>();
    CountDownLatch loopDone = new CountDownLatch(1);
    RunStatus status;
    try {
      status = rounds(o, bundle, runDir, work, logs, record, interruption, loopDone);
      try {
        FileTrees.delete(work);
      } catch (IOException e) {
        console.println("remote: could not remove " + work + ": " + e.getMessage());
      }
      console.println("status: " + status.json()
          + (record.manifest().reason() == null ? "" : " (" + record.manifest().reason() + ")"));
      ending.accept(new Outcome(runDir, status));
    } finally {
      DeadRuns.release(runDir); // the record is sealed by now: rounds() seals it on every way out
      loopDone.countDown();
    }
    return new Outcome(runDir, status);
  }

  private RunStatus rounds(RemoteOptions o, Bundle bundle, Path runDir, Path work, Path logs,
      LabRecord<RemoteJson> record, AtomicReference<String> interruption, CountDownLatch loopDone)
      throws IOException, InterruptedException {
    try (Resources res = new Resources()) {
      try (ShutdownHook hook = ShutdownHook.install("virtpath-remote-interrupt", () -> {
        interruption.compareAndSet(null, "interrupted by a signal");
        res.close(); // hangs up every remote command: the targets stop their runs, the loop fetches and seals
        try {
          if (!loopDone.await(HOOK_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            record.finish(interruption.get() + "; the run did not stop within " + HOOK_WAIT.toSeconds() + " s");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      })) {
        try {
          startPeer(o, bundle, logs, res);
          Random order = new Random(o.seed());
          for (int round = 1; round <= o.rounds() && interruption.get() == null; round++) {
            List<RemoteTarget> shuffled = new ArrayList<>(o.spec().targets());
            Collections.shuffle(shuffled, order);
            int r = round;
            record.update(j -> j.withRound(new RemoteJson.Round(r, shuffled.stream().map(RemoteTarget::name).toList())));
            if (o.parallelHosts()) {
              parallel(shuffled, round, o, bundle, runDir, work, record, res, interruption);
            } else {
              for (RemoteTarget t : shuffled) {
                if (interruption.get() != null) {
                  break;
                }
                runTarget(t, round, o, bundle, runDir, work, record, res, interruption);
              }
            }
          }
          return record.finish(interruption.get());
        } catch (IOException | RuntimeException | InterruptedException | Error e) {
          String why = interruption.get() != null ? interruption.get()
              : "remote failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
          record.finish(why);
          throw e;
        }
      }
    }
  }

  /** One thread per host; each runs its targets in the round's order, one after another. */
  private void parallel(List<RemoteTarget> shuffled, int round, RemoteOptions o, Bundle bundle, Path runDir, Path work,
      LabRecord<RemoteJson> record, Resources res, AtomicReference<String> interruption)
      throws IOException, InterruptedException {
    Map<String, List<RemoteTarget>> byHost = new LinkedHashMap<>();
    shuffled.forEach(t -> byHost.computeIfAbsent(t.host(), h -> new ArrayList<>()).add(t));
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Exception> error = new AtomicReference<>();
    for (List<RemoteTarget> group : byHost.values()) {
      threads.add(Thread.ofPlatform().name("remote-host-" + group.get(0).host()).start(() -> {
        for (RemoteTarget t : group) {
          if (interruption.get() != null || error.get() != null) {
            return;
          }
          try {
            runTarget(t, round, o, bundle, runDir, work, record, res, interruption);
          } catch (IOException | InterruptedException | RuntimeException e) {
            error.compareAndSet(null, e);
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    Exception e = error.get();
    if (e instanceof IOException io) {
      throw io;
    } else if (e instanceof InterruptedException ie) {
      throw ie;
    } else if (e instanceof RuntimeException re) {
      throw re;
    }
  }

  private void runTarget(RemoteTarget t, int round, RemoteOptions o, Bundle bundle, Path runDir, Path work,
      LabRecord<RemoteJson> record, Resources res, AtomicReference<String> interruption)
      throws IOException, InterruptedException {
    String label = o.rounds() == 1 || round == 1 ? t.name() : t.name() + ".r" + round;
    Path targetWork = Files.createDirectories(work.resolve(label));
    Path recordDir = Files.createDirectories(runDir.resolve(label));
    Path logDir = Files.createDirectories(recordDir.resolve("logs"));
    String tag = String.format(Locale.ROOT, "[round %d/%d] %s", round, o.rounds(), label);
    console.println(tag + " (" + t.kind() + ", " + t.uri().text() + "): starting");
    Consumer<String> phase = line -> console.println("  " + label + "  " + line.strip());
    TargetSession session = new TargetSession(t, transport(t.uri(), o), bundle, o, record.manifest().runId(),
        round == 1 ? deadRuns.getOrDefault(t.name(), List.of()) : List.of());
    TargetSession.Outcome out;
    try {
      out = session.run(label, round, targetWork, logDir, phase, res, () -> interruption.get() != null);
    } catch (IOException | IllegalStateException e) {
      // IllegalStateException: the resources are closing (Ctrl-C) as this target was starting
      out = new TargetSession.Outcome(new io.virtpath.lab.target.TargetRun(null, false,
          e.getClass().getSimpleName() + ": " + e.getMessage(), 0, null, List.of(), Map.of()),
          new RemoteJson.RunInfo(t.name(), round, null, null, null, e.getMessage(), 0, null, List.of()),
          targetWork.resolve("results"));
    }
    Manifest.TargetEntry entry = RecordCollector.collect(out.staging(), recordDir, label, out.run());
    List<String> warnings = session.kindWarnings(recordDir);
    RemoteJson.RunInfo info = out.info();
    RemoteJson.RunInfo withWarnings = new RemoteJson.RunInfo(info.name(), info.round(), info.deploySeconds(),
        info.deployedBytes(), info.exitCode(), info.failure(), info.seconds(), info.route(), warnings);
    record.update(j -> j.withRun(label, withWarnings));
    record.add(entry);
    if (info.route() != null) {
      console.println(tag + ": route to the peer: " + info.route());
    }
    warnings.forEach(w -> console.println(tag + ": WARNING: " + w));
    console.printf(Locale.ROOT, "%s: %s in %.0f s%s%s%n", tag, entry.status().json(), info.seconds(),
        entry.benchmarksPlanned() == 0 ? "" : " (" + entry.benchmarksDone() + " of " + entry.benchmarksPlanned()
            + " benchmarks)", entry.reason() == null ? "" : ": " + entry.reason());
  }

  /** A dead run's target is this run's when it was reached the same way and worked in the same place. */
  static Map<String, List<String>> deadRunsByTarget(List<DeadRuns.DeadRun> dead, List<RemoteTarget> targets) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (RemoteTarget t : targets) {
      for (DeadRuns.DeadRun d : dead) {
        if (d.targets().stream().anyMatch(r -> r.uri().equals(t.uri().text()) && r.scratch().equals(t.scratch()))) {
          m.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(d.runId());
        }
      }
    }
    return m;
  }

  static Transport transport(io.virtpath.remote.spec.TargetUri uri, RemoteOptions o) {
    return new Transport(uri, Transport.sshOptionsFromEnv(), o.acceptNewHostKeys());
  }

  /** The peer virtpath starts: on the controller, or through a transport; none when the targets name their own. */
  private void startPeer(RemoteOptions o, Bundle bundle, Path logs, Resources res)
      throws IOException, InterruptedException {
    String listen = o.spec().peerListen();
    if (listen == null || !o.networkSuite()) {
      return;
    }
    if (o.spec().peerOn() == null) {
      List<String> cmd = new ArrayList<>(List.of(o.java().toString()));
      cmd.addAll(JvmFlags.REQUIRED);
      cmd.addAll(List.of("-jar", o.jar().toString(), "peer", "--listen", listen));
      res.add(ChildProcess.start("peer", cmd, logs)).awaitOutput("listening on", Duration.ofSeconds(60));
      console.println("remote: peer listening on " + listen + " (on this machine)");
      return;
    }
    Transport t = transport(o.spec().peerOn(), o);
    String scratch = o.spec().peerScratch();
    Deployer.Result d = Deployer.deploy(t, scratch, bundle, false, List.of(), logs.resolve("peer"), res,
        line -> console.println("remote: peer: " + line));
    if (!d.ok()) {
      throw new IOException("could not start the peer through " + t.uri().text() + ": "
          + d.failure());
    }
    RemoteProcess p = res.add(RemoteProcess.start("peer", t.command(Scripts.peer(scratch, bundle.id(), listen)),
        logs, null, null));
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!Files.readString(p.stdoutFile()).contains("listening on")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new IOException("the peer through " + t.uri().text() + " did not start: "
            + p.stderrTail(5));
      }
      Thread.sleep(100);
    }
    console.println("remote: peer listening on " + listen + " (through " + t.uri().text() + ")");
  }

  private static Map<String, Object> options(RemoteOptions o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("targetsFrom", o.spec().source());
    m.put("rounds", o.rounds());
    m.put("seed", o.seed());
    m.put("benchmarkSet", o.set().id());
    m.put("sharedJvm", o.sharedJvm());
    m.put("parallelHosts", o.parallelHosts());
    m.put("acceptNewHostKeys", o.acceptNewHostKeys());
    m.put("targets", o.spec().targets().stream().map(RemoteTarget::name).toList());
    m.put("peerListen", o.spec().peerListen());
    m.put("jmhPassThrough", o.jmhArgs());
    m.put("targetTimeoutSeconds", o.targetTimeout().toSeconds());
    return m;
  }
}
