package io.virtpath.runner;

import io.virtpath.bench.SuiteConfig;
import io.virtpath.bench.disk.DiskScratch;
import io.virtpath.core.JvmFlags;
import io.virtpath.core.MachineLock;
import io.virtpath.core.Resources;
import io.virtpath.core.ShutdownHook;
import io.virtpath.core.UsageException;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One measuring session of {@code run} or {@code validate} (also a lab target's inner run): it
 * holds the machine, removes what dead runs left, prepares the results directory, names the run,
 * owns everything started (peer, scratch directory and test file) and the forked JVMs' flags, and
 * seals the record on every way out — a signal (shutdown hook) or a failure of the session itself.
 * Closing it stops what it started and gives the machine back.
 */
public final class RunSession implements AutoCloseable {
  /** When this JVM started: JMH temp files younger than that may be a live run's. */
  private static final Instant PROCESS_START =
      ProcessHandle.current().info().startInstant().orElse(Instant.now());

  /** What a session seals: a run's or a validation's record. */
  public interface Record {
    /** Seals the record unless it is sealed already; the status if this call sealed it. */
    Optional<RunStatus> finishIfRunning(String interruption);

    /** Seals the record as failed with {@code reason} unless it is sealed already. */
    Optional<RunStatus> abort(String reason);

    Manifest manifest();
  }

  private final PrintStream console;
  private final MachineLock machine;
  private final ResultsDir.Prepared results;
  private final Instant start = Instant.now();
  private final String runId = RunId.at(start);
  private final Resources resources = new Resources();
  private final List<String> forkedArgs = new ArrayList<>(JvmFlags.REQUIRED);
  private final Map<String, Object> options = new LinkedHashMap<>();
  private final AtomicReference<Record> record = new AtomicReference<>();
  private final ShutdownHook hook;

  private RunSession(String what, PrintStream console, MachineLock machine, ResultsDir.Prepared results)
      throws IOException {
    this.console = console;
    this.machine = machine;
    this.results = results;
    machine.describe(what + ", run id " + runId);
    options.put("machineLock", machine.mode().json());
    options.put("concurrent", machine.mode() == MachineLock.Mode.CONCURRENT);
    // From the start: a signal while the test file is written removes it, and seals the record
    // once there is one.
    this.hook = ShutdownHook.install(what + "-interrupt", () -> {
      Record r = record.get();
      if (r != null && r.finishIfRunning("interrupted by a signal").isPresent()) {
        report(r);
      }
      resources.close();
    });
  }

  /**
   * Takes the machine as {@code policy} says (it may wait), removes the scratch of dead runs below
   * the scratch base and, when no other virtpath measures, JMH's temp files of dead runs, then
   * prepares {@code resultsDir}. Call it after every check of bad input.
   *
   * @param scratch the user's --scratch, or null (the results directory is the scratch base)
   */
  public static RunSession open(String what, Path resultsDir, Path scratch, MachineLock.Policy policy,
      PrintStream console) throws IOException {
    MachineLock machine = MachineLock.acquire(what, policy, console);
    try {
      Path base = scratch != null ? scratch : resultsDir;
      Leftovers.scratch(base.toAbsolutePath().normalize(), console);
      if (machine.alone()) {
        Leftovers.jmhTemp(Path.of(System.getProperty("java.io.tmpdir")), PROCESS_START, console);
      }
      return new RunSession(what, console, machine, ResultsDir.prepareUndoable(resultsDir));
    } catch (IOException | RuntimeException e) {
      machine.close();
      throw e;
    }
  }

  public String runId() {
    return runId;
  }

  public Instant start() {
    return start;
  }

  public Path resultsDir() {
    return results.dir();
  }

  public Path runDir() {
    return results.dir().resolve(runId);
  }

  public MachineLock machine() {
    return machine;
  }

  /** Register everything started here: closed on a signal, or when the session closes. */
  public Resources resources() {
    return resources;
  }

  /** The forked JVMs' flags: the required ones, then what the session adds (-D of the suites). */
  public List<String> forkedArgs() {
    return forkedArgs;
  }

  /** The manifest's options so far (machine lock, scratch, peer ...); callers add their own. */
  public Map<String, Object> options() {
    return options;
  }

  /**
   * A private scratch directory for this run under {@code base} (the user's --scratch, or the
   * results directory), removed when the session closes or a signal comes — also half-way through
   * writing the test file — and the suites' flag that points at it. The syscall suite's file lives
   * there too, so that a killed run leaves nothing outside it (the next run removes the directory).
   */
  public Path scratchDir(Path base, boolean userGiven) throws IOException {
    Path dir = DiskScratch.createPrivateDir(base.toAbsolutePath().normalize(),
        (userGiven ? "virtpath-scratch-" : ".scratch-") + runId);
    resources.add(() -> DiskScratch.removePrivateDir(dir));
    forkedArgs.add("-D" + SuiteConfig.SCRATCH + "=" + dir);
    options.put("scratch", dir.toString());
    return dir;
  }

  /** {@link #scratchDir(Path, boolean)} for the disk suite: also the size of its test file. */
  public Path scratchDir(Path base, boolean userGiven, long size) throws IOException {
    Path dir = scratchDir(base, userGiven);
    forkedArgs.add("-D" + SuiteConfig.DISK_FILE_SIZE + "=" + size);
    options.put("diskFileSizeBytes", size);
    return dir;
  }

  /** Writes the test file into {@code dir} (minutes at thorough); a signal removes it. */
  public DiskScratch prepareScratch(Path dir, long size, boolean allowBuffered) throws IOException {
    console.printf("preparing %d MiB test file in %s ...%n", size >> 20, dir);
    return resources.add(DiskScratch.prepare(dir, size, allowBuffered, m -> console.println("  " + m)));
  }

  /** The peer the network suite talks to; the suites' flag that names it. */
  public void peer(String hostPort) {
    forkedArgs.add("-D" + SuiteConfig.PEER + "=" + hostPort);
  }

  /** From now on a signal seals {@code r} as partial and prints the status line and run directory. */
  public void recording(Record r) {
    record.set(r);
  }

  /**
   * Seals {@code r} failed because the session itself broke (a record it cannot write, a bug) and
   * reports it, unless a signal sealed it first. Never leaves a record "running".
   */
  public void failed(Record r, Throwable e) {
    if (r.abort(e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())).isPresent()) {
      report(r);
    }
  }

  /** A refusal after set-up (tmpfs, no space): the results directory goes again if it is empty. */
  public UsageException refused(UsageException e) throws IOException {
    results.undoIfEmpty();
    return e;
  }

  /** The status line and, last, the run directory: what every way out of a session prints. */
  public void report(Record r) {
    Manifest m = r.manifest();
    console.println("status: " + m.status().json() + (m.reason() == null ? "" : " (" + m.reason() + ")"));
    console.println(runDir().toAbsolutePath());
    console.flush();
  }

  /** Stops what was started (peer, scratch), removes the hook and gives the machine back. */
  @Override
  public void close() throws IOException {
    try {
      hook.close();
      resources.close();
    } finally {
      machine.close();
    }
  }
}
