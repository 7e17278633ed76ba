package io.virtpath.runner;

import io.virtpath.bench.SuiteConfig;
import io.virtpath.bench.disk.DiskScratch;
import io.virtpath.core.UsageException;
import io.virtpath.core.record.Fingerprint;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import io.virtpath.fingerprint.Fingerprinter;
import io.virtpath.peer.Peer;
import io.virtpath.runner.counters.CountersConfig;
import io.virtpath.runner.counters.RunCounters;
import io.virtpath.bench.network.PeerAddress;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code virtpath run}: checks the input, prepares what the suites need (scratch file, peer),
 * fingerprints the machine, then runs the plan one benchmark method at a time so that the record on
 * disk grows after each one and survives an interruption.
 */
public final class SuiteRunner {
  /** How long an external peer may take to answer before the run is refused. */
  static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);


  private final PrintStream console;
  private final Path root;

  /**
   * @param console human progress; the last line printed is the run directory
   * @param root file-system root the fingerprint reads ("/" except in tests)
   */
  public SuiteRunner(PrintStream console, Path root) {
    this.console = console;
    this.root = root;
  }

  /** Where the record is and how the run ended. */
  public record Outcome(Path runDir, RunStatus status) {}

  /**
   * What is measured next, and who hears of each result: the plan in order for {@code run}, a
   * controller's requests for {@code agent}. The record, the fingerprint, the scratch file and the
   * JVM are the same either way.
   */
  public interface Work {
    /** Once, when the record is open and before the first {@link #next}: the agent says it is ready. */
    default void opened(RunRecord record, BenchmarkPlan plan) throws IOException {}

    /** The next benchmark and the mode to measure it in (null: the item's own modes), or null when done. */
    Next next(BenchmarkPlan plan) throws IOException;

    /** A benchmark was measured and is in the record. */
    default void measured(Next what, Collection<RunResult> results) throws IOException {}

    /** A benchmark failed (its reason is in the record). */
    default void failed(Next what, String reason) throws IOException {}

    /** @param mode null: every mode the set asks of the item */
    record Next(BenchmarkPlan.Item item, String mode) {}

    /** The plan's items in order, each once: {@code virtpath run}. */
    static Work plan(BenchmarkSet set) {
      return new Work() {
        private int at;

        @Override
        public Next next(BenchmarkPlan plan) {
          if (at >= plan.size()) {
            return null;
          }
          BenchmarkPlan.Item item = plan.items().get(at++);
          // a set narrower than ALL runs one mode of each benchmark: the one its figure reads
          return new Next(item, set == BenchmarkSet.ALL ? null : item.modes().get(0));
        }
      };
    }
  }

  /** Runs the plan; bad input throws {@link UsageException} before anything is written. */
  public Outcome run(RunOptions o) throws IOException {
    return run(o, Work.plan(o.set()));
  }

  /** Measures what {@code work} asks, from the options' plan; bad input as {@link #run(RunOptions)}. */
  public Outcome run(RunOptions o, Work work) throws IOException {
    // ---- bad input: all of it before anything is created or waited for ----
    RunRecord.checkLabel(o.label(), "--label");
    ResultsDir.checkName(o.results(), "--results");
    if (o.scratch() != null) {
      ResultsDir.checkName(o.scratch(), "--scratch");
      if (usesScratch(o)) {
        checkScratchBase(o.scratch(), true);
      }
    }
    BenchmarkPlan all = BenchmarkPlan.of(o.suites());
    if (all.size() == 0) {
      throw new IllegalStateException("this jar has no benchmarks for " + o.suites()
          + ": META-INF/BenchmarkList is missing (was it built with the JMH annotation processor?)");
    }
    if (o.sharedJvm() && o.runs(Suite.NETWORK) && o.peer() == null) {
      throw new UsageException("--shared-jvm with the network suite needs --peer HOST:PORT: the in-process peer would "
          + "run inside the benchmarks' own JVM and share its heap, collector and safepoints");
    }
    BenchmarkPlan chosen = all.only(o.set());
    BenchmarkPlan plan = chosen.excluding(new JmhOptions(o.profile(), o.jmhArgs(), List.of(), o.sharedJvm()).excludes());
    if (plan.size() == 0) {
      throw new UsageException("the -e patterns after '--' " + o.jmhArgs() + " exclude all " + chosen.size()
          + " benchmarks" + (o.set() == BenchmarkSet.ALL ? "" : " (the " + o.set().id() + " set)") + " of "
          + o.suites().stream().map(Suite::id).toList() + ": nothing would run; narrow them");
    }
    if (o.runs(Suite.NETWORK) && o.peer() != null) {
      console.println("checking peer " + o.peer() + " ...");
      PeerAddress.checkReachable(o.peer(), PEER_TIMEOUT);
    }

    try (RunSession session = RunSession.open("virtpath run", o.results(), o.scratch(), o.machinePolicy(), console)) {
      try {
        return measure(o, plan, session, work);
      } catch (UsageException e) {
        throw session.refused(e);
      }
    }
  }

  private Outcome measure(RunOptions o, BenchmarkPlan plan, RunSession session, Work work) throws IOException {
    if (usesScratch(o) && o.scratch() == null) {
      checkScratchBase(session.resultsDir(), false);
    }
    Path runDir = session.runDir();
    Map<String, Object> options = session.options();
    options.put("label", o.label());
    options.put("jmhPassThrough", o.jmhArgs());

    String peer = null;
    String peerMode = null;
    if (o.runs(Suite.NETWORK)) {
      if (o.peer() != null) {
        peer = o.peer();
        peerMode = "external";
      } else {
        Peer p = session.resources().add(Peer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        peer = p.address().getAddress().getHostAddress() + ":" + p.address().getPort();
        peerMode = "in-process";
        console.println("started in-process peer on " + peer + " (loopback; pass --peer to measure a real network path)");
      }
      session.peer(peer);
      options.put("peer", peer);
      options.put("peerMode", peerMode);
    }

    Path scratchDir = null;
    long size = o.profile().diskFileSize();
    Path base = o.scratch() != null ? o.scratch() : session.resultsDir();
    if (o.runs(Suite.DISK)) {
      scratchDir = session.scratchDir(base, o.scratch() != null, size);
      session.forkedArgs().add("-D" + SuiteConfig.ALLOW_BUFFERED + "=" + o.allowBuffered());
      options.put("allowBuffered", o.allowBuffered());
    } else if (o.runs(Suite.SYSCALL)) {
      scratchDir = session.scratchDir(base, o.scratch() != null);
    }

    options.put("benchmarkSet", o.set().id());
    // the counters' device lines come from the fingerprint
    Fingerprint fingerprint = new Fingerprinter(root).collect(scratchDir, peer, peerMode);
    // On by default: its readings sit outside JMH's timed region and cost a fraction of a
    // millisecond per iteration (docs/methodology.md, "Counters (explain)"). The forks learn the
    // device lines even with --no-counters, for a '-- -prof counters' given by hand.
    boolean available = RunCounters.available(root);
    if (available) {
      CountersConfig c = RunCounters.config(root, fingerprint, o.runs(Suite.DISK), o.runs(Suite.NETWORK));
      session.forkedArgs().addAll(c.jvmArgs());
      options.put("counters", c.jvmArgs());
    }
    boolean counters = o.counters() && available;
    if (o.sharedJvm()) {
      // no forks: the suites read their settings from this JVM's properties
      sharedJvmProperties(session.forkedArgs());
    }
    JmhOptions jmh = new JmhOptions(o.profile(), o.jmhArgs(), session.forkedArgs(), o.sharedJvm(), counters);
    options.put("jmh", jmh.describe());

    // The record exists before the test file is written (minutes at thorough), so that an
    // interruption there leaves a sealed record naming the scratch directory, not nothing.
    Manifest manifest =
        new Manifest(
            Manifest.FORMAT_VERSION, session.runId(), "run", session.start().toString(), null, RunStatus.RUNNING, null,
            BuildInfo.version(), o.profile().id(), o.suites().stream().map(Suite::id).toList(),
            options, List.of());
    RunRecord record = RunRecord.create(runDir, o.label(), plan.size(), manifest, fingerprint);
    session.recording(record);
    console.printf("run %s: profile %s, suites %s, %d benchmarks (%s)%s; record in %s%n",
        session.runId(), o.profile().id(), manifest.suites(), plan.size(), o.set().id(),
        o.sharedJvm() ? ", all in this JVM" : "", runDir);
    console.println("virtualization: " + fingerprint.virtualization().kind()
        + (fingerprint.virtualization().detail() == null ? "" : " (" + fingerprint.virtualization().detail() + ")"));

    try {
      if (o.runs(Suite.DISK)) {
        DiskScratch scratch;
        try {
          scratch = session.prepareScratch(scratchDir, size, o.allowBuffered());
        } catch (UsageException e) {
          // bad input after all (tmpfs, too little space): nothing was measured, nothing stays
          record.finishIfRunning(e.getMessage());
          session.resources().close();
          io.virtpath.core.FileTrees.delete(runDir);
          throw e;
        }
        record.putOptions(Map.of("directIo", scratch.directIo(), "scratchFilesystem", scratch.filesystem()));
      }
      if (o.sharedJvm()) {
        settleJit(record);
      }
      execute(plan, jmh, record, work);
    } catch (IOException | RuntimeException | Error e) {
      if (e instanceof UsageException) {
        throw e;
      }
      session.failed(record, e);
      return new Outcome(runDir, record.manifest().status());
    }
    if (record.finishIfRunning(null).isPresent()) {
      session.report(record);
    }
    return new Outcome(runDir, record.manifest().status());
  }

  private void execute(BenchmarkPlan plan, JmhOptions jmh, RunRecord record, Work work) throws IOException {
    Progress progress = new Progress(console, plan.items(), i -> jmh.estimateSeconds(i.modes().size(), i.threads()));
    try (PrintStream log = new PrintStream(Files.newOutputStream(record.targetDir().resolve("jmh.log")), true, StandardCharsets.UTF_8)) {
      OutputFormat format = OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL);
      work.opened(record, plan);
      for (Work.Next next; !record.finished() && (next = work.next(plan)) != null; ) {
        BenchmarkPlan.Item item = next.item();
        progress.starting(item);
        Collection<RunResult> results;
        try {
          results = new Runner(jmh.forBenchmark(item.name(), next.mode()), format).run();
        } catch (RunnerException e) {
          String reason = rootMessage(e);
          log.println("FAILED " + item.name() + ": " + reason);
          if (record.failed(item.name(), reason)) {
            progress.failed(item, reason);
          }
          work.failed(next, reason);
          continue;
        }
        // on disk first, then on the console: a result the user saw is in the record
        if (record.add(results)) {
          progress.finished(item, Progress.Line.of(results));
          work.measured(next, results);
        }
      }
    }
  }

  private void settleJit(RunRecord record) throws IOException {
    try {
      JitSettle.Outcome jit = JitSettle.await();
      console.println(jit.describe());
      record.putOptions(Map.of("jitSettleSeconds", Math.round(jit.seconds() * 10) / 10.0, "jitSettled", jit.quiet()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sets the {@code -Dkey=value} flags the forks would have had as this JVM's properties. */
  static void sharedJvmProperties(List<String> forkedArgs) {
    for (String a : forkedArgs) {
      if (a.startsWith("-D") && a.indexOf('=') > 2) {
        System.setProperty(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      }
    }
  }

  /** The innermost message: JMH wraps the benchmark's own exception twice. */
  public static String rootMessage(Throwable t) {
    Throwable cur = t;
    while (true) {
      Throwable next = cur.getCause();
      if (next == null && cur.getSuppressed().length > 0) {
        next = cur.getSuppressed()[0];
      }
      if (next == null || next == cur) {
        break;
      }
      cur = next;
    }
    String msg = cur.getMessage();
    String first = msg == null ? "" : msg.lines().findFirst().orElse("");
    return cur.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
  }

  static void checkLabel(String label) {
    RunRecord.checkLabel(label, "--label");
  }

  /**
   * The disk suite's test file and the syscall suite's stat/openClose file live in the run's private
   * scratch directory: a killed run leaves them where the next run finds and removes them.
   */
  private static boolean usesScratch(RunOptions o) {
    return o.runs(Suite.DISK) || o.runs(Suite.SYSCALL);
  }

  private static void checkScratchBase(Path base, boolean userGiven) {
    String opt = userGiven ? "--scratch " + base : "the results directory " + base;
    if (!Files.exists(base)) {
      throw new UsageException("scratch directory " + base + " does not exist (" + opt
          + "): create it on the disk you want to measure, or pass another --scratch DIR");
    }
    if (!Files.isDirectory(base)) {
      throw new UsageException(opt + " is not a directory: pass a directory with --scratch DIR");
    }
    ResultsDir.requireWritable(base, "scratch directory", "fix its permissions or pass another --scratch DIR");
  }
}
