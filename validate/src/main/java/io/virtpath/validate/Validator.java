package io.virtpath.validate;

import io.virtpath.bench.disk.DiskScratch;
import io.virtpath.core.Resources;
import io.virtpath.core.UsageException;
import io.virtpath.core.record.Fingerprint;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import io.virtpath.fingerprint.Fingerprinter;
import io.virtpath.runner.BuildInfo;
import io.virtpath.runner.JmhOptions;
import io.virtpath.runner.RunRecord;
import io.virtpath.runner.RunSession;
import io.virtpath.runner.ResultsDir;
import io.virtpath.runner.Suite;
import io.virtpath.validate.reference.CLoop;
import io.virtpath.validate.reference.Fio;
import io.virtpath.validate.reference.Iperf3;
import io.virtpath.validate.reference.Sockperf;
import io.virtpath.validate.reference.Timing;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Validates the suites in the current environment: every pair's two sides back to back, round
 * after round. Within a round the pairs run in a shuffled order and the side that goes first
 * alternates between rounds, so that neither side is systematically the one that finds the caches
 * warm or the CPU busy; the order is recorded. Both sides share the scratch file and the peer
 * path. The record is written after every measurement and sealed as partial if interrupted.
 */
public final class Validator {

  private final PrintStream console;
  private final Path root;

  public Validator(PrintStream console, Path root) {
    this.console = console;
    this.root = root;
  }

  /**
   * @param reported the status line and run directory are printed already (a signal sealed the
   *     record, or the validation broke): the caller prints nothing more
   */
  public record Outcome(Path runDir, RunStatus status, TargetValidation result, boolean reported) {}

  public Outcome run(ValidateOptions o) throws IOException, InterruptedException {
    List<Pair> pairs = Pair.of(o.suites());
    check(o);
    ReferenceTools.requireInstalled(pairs);
    try (RunSession session = RunSession.open("virtpath validate", o.results(), o.scratch(), o.machinePolicy(),
        console)) {
      try {
        return measure(o, pairs, session);
      } catch (UsageException e) {
        throw session.refused(e);
      }
    }
  }

  /** Bad input, refused before anything is created: the label is a name, the paths are paths. */
  public static void check(ValidateOptions o) {
    RunRecord.checkLabel(o.label(), "--label");
    ResultsDir.checkName(o.results(), "--results");
    if (o.scratch() != null) {
      ResultsDir.checkName(o.scratch(), "--scratch");
      if (!Files.isDirectory(o.scratch())) {
        throw new UsageException("scratch directory " + o.scratch() + " does not exist (--scratch): create it on the disk "
            + "you want to measure, or pass another --scratch DIR");
      }
    }
  }

  private Outcome measure(ValidateOptions o, List<Pair> pairs, RunSession session)
      throws IOException, InterruptedException {
    Timing timing = Timing.of(o.profile());
    Path runDir = session.runDir();
    Resources res = session.resources();
    Path work = Files.createTempDirectory("virtpath-validate");
    res.add(() -> io.virtpath.core.FileTrees.delete(work));
    CLoop cloop = Pair.covers(pairs, Suite.SYSCALL) ? CLoop.compile(work) : null;

    Map<String, Object> options = session.options();
    options.put("label", o.label());
    options.put("rounds", o.rounds());
    options.put("seed", o.seed());
    options.put("confidence", o.confidence());

    Fio fio = null;
    Path scratchDir = null;
    if (Pair.covers(pairs, Suite.DISK)) {
      Path base = o.scratch() != null ? o.scratch() : session.resultsDir();
      long size = o.profile().diskFileSize();
      scratchDir = session.scratchDir(base, o.scratch() != null, size);
      DiskScratch scratch = session.prepareScratch(scratchDir, size, false);
      fio = new Fio(scratch.dataFile(), size);
      options.put("scratchFilesystem", scratch.filesystem());
    } else if (Pair.covers(pairs, Suite.SYSCALL)) {
      // SyscallBench's trial setup makes its stat file there, whichever method a pair measures
      scratchDir = session.scratchDir(o.scratch() != null ? o.scratch() : session.resultsDir(), o.scratch() != null);
    }

    Peers peers = null;
    if (Pair.covers(pairs, Suite.NETWORK)) {
      peers = Peers.plan(o.peerHost());
      peers.checkExternal(console);
      session.peer(peers.peer());
      options.putAll(peers.describe());
    }

    // The round is the replicate: one fork per round, the profile's iterations within it.
    JmhOptions jmh = new JmhOptions(o.profile(), List.of("-f", "1"), session.forkedArgs());
    options.put("jmh", jmh.describe());
    Fingerprint fingerprint = new Fingerprinter(root).collect(scratchDir,
        peers == null ? null : peers.peer(), peers == null ? null : peers.mode());
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, session.runId(), "validate", session.start().toString(),
        null, RunStatus.RUNNING, null, BuildInfo.version(), o.profile().id(),
        o.suites().stream().map(Suite::id).toList(), options, List.of());
    ValidationRecord record = ValidationRecord.create(runDir, o.label(), pairs, o, manifest, fingerprint,
        describe(o.profile().warmupIterations(), o.profile().warmupMillis()),
        describe(o.profile().measurementIterations(), o.profile().measurementMillis()));
    console.printf("validate %s: profile %s, %d pairs x %d rounds; record in %s%n", session.runId(), o.profile().id(),
        pairs.size(), o.rounds(), runDir);
    console.println("virtualization: " + fingerprint.virtualization().kind()
        + (fingerprint.virtualization().detail() == null ? "" : " (" + fingerprint.virtualization().detail() + ")"));

    session.recording(record);
    try {
      try {
        if (peers != null) {
          peers.startLocal(res, record.targetDir().resolve("logs"), console);
        }
      } catch (IOException | RuntimeException e) {
        record.finish("could not start the peers: " + e.getMessage());
        throw e;
      }
      try (PrintStream jmhLog = new PrintStream(Files.newOutputStream(record.targetDir().resolve("jmh.log")), true,
          StandardCharsets.UTF_8)) {
        OutputFormat format = OutputFormatFactory.createFormatInstance(jmhLog, VerboseMode.NORMAL);
        Sides sides = new Sides(new VirtpathSide(jmh, format), cloop, fio,
            peers == null ? null : peers.sockperf(), peers == null ? null : peers.iperf3(), timing);
        loop(o, pairs, sides, record, timing);
      }
    } catch (IOException | RuntimeException | Error e) {
      session.failed(record, e);
      return new Outcome(runDir, record.manifest().status(), record.result(), true);
    }
    var sealedHere = record.finishIfRunning(null);
    if (sealedHere.isEmpty()) {
      // a signal sealed it and printed the status: the JVM is exiting, print nothing more
      return new Outcome(runDir, record.manifest().status(), record.result(), true);
    }
    RunStatus status = sealedHere.get();
    console.println("status: " + status.json()
        + (record.manifest().reason() == null ? "" : " (" + record.manifest().reason() + ")"));
    return new Outcome(runDir, status, record.result(), false);
  }

  /** Both sides of every pair, with what they need. */
  private record Sides(VirtpathSide virtpath, CLoop cloop, Fio fio, Sockperf sockperf, Iperf3 iperf3, Timing t) {
    /** @param raw the round's raw directory, where the tool's output is kept */
    double reference(Pair p, Path raw) throws IOException {
      return switch (p.tool) {
        case C_LOOP -> cloop.measure(p, t, raw.resolve(p.id() + ".cloop.txt"));
        case FIO -> fio.measure(p, t, raw.resolve(p.id() + ".fio.json"));
        case SOCKPERF -> sockperf.measure(p, t, raw.resolve(p.id() + ".sockperf.txt"));
        case IPERF3 -> iperf3.measure(p, t, raw.resolve(p.id() + ".iperf3.json"));
      };
    }
  }

  private void loop(ValidateOptions o, List<Pair> pairs, Sides sides, ValidationRecord record, Timing timing)
      throws IOException {
    Random rnd = new Random(o.seed());
    int total = pairs.size() * o.rounds();
    int done = 0;
    long t0 = System.nanoTime();
    double perStep = 2 * (timing.warmupSeconds() + timing.measureSeconds()) + 2.5; // fork and tool start-up
    for (int round = 1; round <= o.rounds(); round++) {
      List<Pair> order = new ArrayList<>(pairs);
      Collections.shuffle(order, rnd);
      boolean virtpathFirst = round % 2 == 1;
      record.round(new TargetValidation.RoundOrder(round, order.stream().map(Pair::id).toList(), virtpathFirst));
      Path raw = record.rawDir(round);
      for (Pair p : order) {
        if (record.finished()) {
          return;
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double eta = done == 0 ? total * perStep : elapsed / done * (total - done);
        console.printf("[%2d/%d] round %d/%d  %-26s vs %-8s  elapsed %s, ETA %s%n", done + 1, total, round, o.rounds(),
            p.shortName, p.tool.program, io.virtpath.runner.Progress.clock(elapsed), io.virtpath.runner.Progress.clock(eta));
        Path vRaw = raw.resolve(p.id() + ".jmh.json");
        Double v = null;
        Double r = null;
        if (virtpathFirst) {
          v = side(record, p, round, "virtpath", () -> sides.virtpath().measure(p, vRaw));
          r = side(record, p, round, p.tool.program, () -> sides.reference(p, raw));
        } else {
          r = side(record, p, round, p.tool.program, () -> sides.reference(p, raw));
          v = side(record, p, round, "virtpath", () -> sides.virtpath().measure(p, vRaw));
        }
        // on disk first, then on the console: a ratio the user saw is in the record
        if (v != null && r != null && record.measured(p, round, v, r)) {
          console.printf("         virtpath %s %s, %s %s %s: ratio %.3f (target %s)%n", io.virtpath.runner.Progress.number(v),
              p.figure.unit, p.tool.program, io.virtpath.runner.Progress.number(r), p.figure.unit, v / r, p.band());
        }
        done++;
      }
    }
  }

  private interface Measure {
    double get() throws IOException;
  }

  private Double side(ValidationRecord record, Pair p, int round, String side, Measure m) throws IOException {
    try {
      return m.get();
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      console.println("         FAILED " + side + ": " + reason);
      record.failed(p, round, side, reason);
      return null;
    }
  }

  private static String describe(int iterations, int millis) {
    return iterations + " x " + millis + " ms";
  }
}
