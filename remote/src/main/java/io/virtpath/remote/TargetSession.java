package io.virtpath.remote;

import io.virtpath.core.FileTrees;
import io.virtpath.core.Json;
import io.virtpath.core.Resources;
import io.virtpath.core.record.Fingerprint;
import io.virtpath.lab.proc.LogTailer;
import io.virtpath.lab.target.Progress;
import io.virtpath.lab.target.TargetRun;
import io.virtpath.remote.fetch.FetchedRecord;
import io.virtpath.remote.fetch.ResultsArchive;
import io.virtpath.remote.spec.RemoteTarget;
import io.virtpath.remote.transport.CommandLine;
import io.virtpath.remote.transport.CappedLog;
import io.virtpath.remote.transport.Failures;
import io.virtpath.remote.transport.Markers;
import io.virtpath.remote.transport.RemoteProcess;
import io.virtpath.remote.transport.Scripts;
import io.virtpath.remote.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One target in one round: deploy the bundle (or find it cached), run {@code virtpath run} there,
 * fetch its results directory into {@code staging}. Every remote command it starts is registered in
 * the run's resources, so Ctrl-C hangs them up and the target stops its own processes; the fetch
 * runs also after an interruption or a failed run, so that what was measured is kept.
 */
final class TargetSession {
  static final Duration COLLECT_TIMEOUT = Duration.ofMinutes(5);
  /** Room the disk suite needs beyond its test file: small files, the record, JMH's output. */
  static final long DISK_MARGIN_BYTES = 64L << 20;

  /** How the target run went: the lab's view (for the manifest entry) and remote.json's. */
  record Outcome(TargetRun run, RemoteJson.RunInfo info, Path staging) {}

  private final RemoteTarget target;
  private final Transport transport;
  private final Bundle bundle;
  private final RemoteOptions options;
  private final String runId;
  private final List<String> deadRuns;

  /**
   * @param runId the controller's run: the target's work directory is named after it and the label
   * @param deadRuns runs whose controller was killed and that worked in this target: the probe
   *     removes their work directories
   */
  TargetSession(RemoteTarget target, Transport transport, Bundle bundle, RemoteOptions options, String runId,
      List<String> deadRuns) {
    this.deadRuns = List.copyOf(deadRuns);
    this.target = target;
    this.transport = transport;
    this.bundle = bundle;
    this.options = options;
    this.runId = runId;
  }

  /**
   * @param interrupted whether the whole run was interrupted: then a stopped target run says so,
   *     not just which signal ended it
   */
  Outcome run(String label, int round, Path work, Path logDir, Consumer<String> phase, Resources res,
      java.util.function.BooleanSupplier interrupted) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Path staging = Files.createDirectories(work.resolve("results"));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("uri", target.uri().text());
    details.put("kind", target.kind());
    phase.accept(round == 1 ? "deploying the bundle" : "checking the bundle");
    Deployer.Result d = Deployer.deploy(transport, target.scratch(), bundle,
        options.suites().contains(io.virtpath.runner.Suite.DISK), deadRuns, logDir, res, phase);
    if (!d.ok()) {
      return failed(label, round, d, null, d.failure(), t0, staging, details);
    }
    if (d.bytesSent() > 0) {
      phase.accept(String.format(Locale.ROOT, "bundle sent (%.1f MB) and checked in %.1f s", d.bytesSent() / 1e6,
          d.seconds()));
    }
    String space = spaceProblem(d);
    if (space != null) {
      return failed(label, round, d, null, space, t0, staging, details);
    }

    CommandLine argv = transport.command(Scripts.run(target.scratch(), bundle.id(), runId, label, target.peerAddress(),
        options.runArgs(target.peer())));
    phase.accept("running the suites");
    RemoteProcess p = res.add(RemoteProcess.start("target", argv, logDir, null, null));
    Integer exit = null;
    String failure = null;
    boolean timedOut = false;
    try (LogTailer tail = LogTailer.follow(p.stdoutFile(), Progress.INNER_LINES, phase)) {
      Duration left = options.targetTimeout().minus(Duration.ofNanos(System.nanoTime() - t0));
      int code;
      try {
        code = p.waitFor(left.isNegative() ? Duration.ZERO : left);
      } catch (TimeoutException e) {
        timedOut = true;
        failure = "timed out after " + options.targetTimeout().toMinutes() + " min (stopped)";
        res.release(p); // hangs up: the target stops the run's process group
        code = -1;
      }
      Markers m = Markers.read(p.stdoutFile());
      Integer remoteExit = m.value("exit").map(Integer::valueOf).orElse(null);
      exit = remoteExit;
      if (failure == null && interrupted.getAsBoolean() && (remoteExit == null || remoteExit != 0)) {
        failure = "stopped when virtpath remote was interrupted"
            + (remoteExit == null ? "" : " (the target's run exited " + remoteExit + ")");
      } else if (failure == null && remoteExit == null && p.floodedLogs()) {
        failure = "the target printed more than its log keeps (" + (CappedLog.CAP >> 20) + " MiB, in "
            + p.stdoutFile().getFileName() + "), and its exit status went with the rest";
      } else if (failure == null && remoteExit == null) {
        failure = m.has("started")
            ? "the run in the target ended without an exit status: " + dropped(code, p)
            : Failures.describe(target.uri(), "run", code, m, p.stderrTail(40));
      } else if (failure == null && remoteExit != 0) {
        failure = remoteExit > 128
            ? "virtpath run in the target was killed by signal " + (remoteExit - 128) + signalName(remoteExit - 128)
            : "virtpath run in the target exited " + remoteExit + lastWords(p);
      }
      details.put("route", m.value("route").orElse(null));
    } finally {
      res.release(p);
    }
    String collectProblem = collect(label, staging, logDir);
    if (collectProblem != null && failure == null) {
      failure = collectProblem;
    }
    TargetRun run = new TargetRun(exit, timedOut, failure, seconds(t0), null, argv.shown(), details);
    return new Outcome(run, new RemoteJson.RunInfo(target.name(), round, round(d.seconds()), d.bytesSent(), exit,
        failure, round(seconds(t0)), (String) details.get("route"), List.of()), staging);
  }

  /** The fingerprint the target's run wrote, checked against the stated kind. */
  List<String> kindWarnings(Path recordDir) {
    Path f = recordDir.resolve(io.virtpath.runner.RunRecord.ENVIRONMENT_JSON);
    if (!Files.exists(f)) {
      return List.of();
    }
    try {
      return KindCheck.warnings(target.kind(), Json.read(f, Fingerprint.class));
    } catch (IOException e) {
      return List.of(io.virtpath.runner.RunRecord.ENVIRONMENT_JSON + " unreadable, the stated kind '" + target.kind() + "' was not checked: "
          + e.getMessage());
    }
  }

  /**
   * Fetches {@code SCRATCH/.virtpath-run-LABEL/results} as a tar stream and unpacks it into
   * {@code staging} as it comes; the target removes its work directory. The target is not trusted:
   * {@link ResultsArchive} takes files and directories only, inside staging, within its limits, and
   * {@link FetchedRecord} refuses JSON that does not parse and names the controller's record has. A refusal stops the fetch (closing the
   * command ends the target's sending), leaves nothing of the archive behind and names the target;
   * it fails this target's run, never the controller.
   */
  private String collect(String label, Path staging, Path logDir) throws InterruptedException {
    String source = target.uri().text();
    ResultsArchive.Refused refused = null;
    try (RemoteProcess c = RemoteProcess.startReading("collect",
        transport.command(Scripts.collect(target.scratch(), runId, label)), logDir)) {
      c.hangUp();
      c.killAfter(COLLECT_TIMEOUT); // a target that goes silent must not hold the reader
      try {
        ResultsArchive.unpack(c.stdout(), staging, source, ResultsArchive.Limits.DEFAULT);
      } catch (ResultsArchive.Refused e) {
        refused = e;
      }
      if (refused != null && !refused.malformed()) {
        return refused.getMessage();
      }
      c.stdout().close(); // a target still sending after a malformed stream gets EPIPE and ends
      int exit;
      try {
        exit = c.waitFor(COLLECT_TIMEOUT);
      } catch (TimeoutException e) {
        exit = -1;
      }
      String problem = null;
      if (c.overdue() || exit == -1) {
        problem = "fetching the results took more than " + COLLECT_TIMEOUT.toMinutes() + " min";
      } else if (exit != 0 && !(refused != null && exit == 141)) {
        // a collect command that failed sends a short stream: its own words say more than the
        // stream's, unless it died of the pipe closed above (128 + SIGPIPE)
        problem = "could not fetch the results: " + Failures.describe(target.uri(), "collect", exit,
            new Markers(List.of()), c.stderrTail(40));
      } else if (refused != null) {
        problem = refused.getMessage();
      }
      if (refused == null) { // what was unpacked stays, so it is checked whatever else went wrong
        // logDir is <record>/logs: the record directory RecordCollector moves the target's files into
        List<String> bad = FetchedRecord.check(staging, label, logDir.getParent(), source);
        if (problem == null && !bad.isEmpty()) {
          problem = bad.get(0) + (bad.size() == 1 ? "" : " (and " + (bad.size() - 1) + " more refused files)");
        }
      }
      return problem;
    } catch (IOException e) {
      try {
        FileTrees.delete(staging); // whatever it holds was not checked: nothing of it is read
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      return "could not unpack the results from " + source + " on this machine: " + e.getMessage();
    }
  }

  private String spaceProblem(Deployer.Result d) {
    if (d.freeKiB() < 0 || !options.suites().contains(io.virtpath.runner.Suite.DISK)) {
      return null;
    }
    long need = options.profile().diskFileSize() + DISK_MARGIN_BYTES;
    long free = d.freeKiB() * 1024 - (d.bytesSent() > 0 ? 4 * d.bytesSent() : 0); // the unpacked bundle came off it
    if (free >= need) {
      return null;
    }
    return String.format(Locale.ROOT, "the scratch directory %s has %d MiB free; the disk suite's %s profile needs "
        + "%d MiB: free space there or give another scratch directory", target.scratch(), Math.max(0, free >> 20),
        options.profile().id(), need >> 20);
  }

  private Outcome failed(String label, int round, Deployer.Result d, Integer exit, String why, long t0, Path staging,
      Map<String, Object> details) {
    TargetRun run = new TargetRun(exit, false, why, seconds(t0), null, List.of(), details);
    return new Outcome(run, new RemoteJson.RunInfo(target.name(), round, round(d.seconds()), d.bytesSent(), exit, why,
        round(seconds(t0)), null, List.of()), staging);
  }

  private String dropped(int code, RemoteProcess p) {
    String err = p.stderrTail(5).strip();
    return "the connection dropped or the target's shell was killed (transport exit " + code + ")"
        + (err.isEmpty() ? "" : ": " + err.lines().reduce((a, b) -> b).orElse(""));
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 9 -> " (SIGKILL: the OOM killer, or someone in the target)";
      case 15 -> " (SIGTERM)";
      case 2 -> " (SIGINT)";
      case 1 -> " (SIGHUP)";
      default -> "";
    };
  }

  /** What the run said last on stderr: a Java exception's own line rather than its stack frames. */
  private static String lastWords(RemoteProcess p) {
    List<String> lines = p.stderrTail(40).lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      return "";
    }
    for (String l : lines) {
      if (l.startsWith("Exception in thread") || l.startsWith("virtpath: ")) {
        return ": " + l.strip();
      }
    }
    return ": " + String.join(" ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double round(double s) {
    return Math.round(s * 10) / 10.0;
  }
}
