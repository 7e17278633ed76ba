package io.virtpath.remote.transport;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One transport command on the controller (ssh, an exec prefix, sh), with its stdout and stderr in
 * log files and its stdin either a file (the bundle) or a pipe this object holds open. The remote
 * scripts watch that pipe: when it closes — {@link #close}, or the controller dies and the kernel
 * closes it — the remote side kills its whole process group. So closing stdin is the polite stop,
 * and killing the local command only follows when the remote side does not end in time.
 *
 * <p>A command whose output is data rather than a log ({@link #startReading}) has its stdout as a
 * pipe instead, read as it comes, so that what a target sends is checked before any of it is kept.
 */
public final class RemoteProcess implements AutoCloseable {
  /** How long the remote side gets to stop its process group once stdin closed. */
  public static final Duration REMOTE_GRACE = Duration.ofSeconds(30);
  private static final Duration LOCAL_GRACE = Duration.ofSeconds(5);
  /** How long waitFor waits for the logs to take the last of the output after the command ended. */
  private static final Duration LOG_DRAIN = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final OutputStream stdin;
  private final Path stdout;
  private final Path stderr;
  /** The stdout pipe of a command started by {@link #startReading}, else null. */
  private final InputStream pipe;
  /** The copies of stdout (unless piped) and stderr into their capped logs. */
  private final List<CappedLog> logs;
  private volatile boolean overdue;

  private RemoteProcess(String name, Process process, Path stdout, Path stderr, boolean piped) throws IOException {
    this.name = name;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.stdout = stdout;
    this.stderr = stderr;
    this.pipe = piped ? process.getInputStream() : null;
    List<CappedLog> l = new java.util.ArrayList<>();
    l.add(CappedLog.start(process.getErrorStream(), stderr, name + "-err"));
    if (!piped) {
      l.add(CappedLog.start(process.getInputStream(), stdout, name + "-out"));
    }
    this.logs = List.copyOf(l);
  }

  /**
   * Starts {@code command}; logs go to {@code logDir/name.{cmd,out,err}} unless {@code stdoutFile}
   * names another file for stdout. {@code stdinFile} null means a held-open pipe. The {@code
   * .cmd} log is the command as shown, its user-given values hidden.
   */
  public static RemoteProcess start(String name, CommandLine command, Path logDir, Path stdinFile, Path stdoutFile)
      throws IOException {
    Path out = stdoutFile != null ? stdoutFile : logDir.resolve(name + ".out");
    return launch(name, command, logDir, stdinFile, out);
  }

  /**
   * Starts {@code command} with its stdout a pipe that {@link #stdout()} reads as it comes (a tar
   * stream to check while it is unpacked); stderr goes to {@code logDir/name.err}, stdin is a
   * held-open pipe. The reader blocks while the command sends nothing: {@link #killAfter} bounds
   * that.
   */
  public static RemoteProcess startReading(String name, CommandLine command, Path logDir) throws IOException {
    return launch(name, command, logDir, null, null);
  }

  private static RemoteProcess launch(String name, CommandLine command, Path logDir, Path stdinFile, Path out)
      throws IOException {
    Files.createDirectories(logDir);
    Path err = logDir.resolve(name + ".err");
    Files.writeString(logDir.resolve(name + ".cmd"), Shell.quote(command.shown()) + "\n");
    // A session of its own: a terminal's Ctrl-C reaches virtpath only, which then hangs up in order
    // (the target stops its run, which seals its record) instead of killing ssh or the prefix
    // command under the run's feet.
    List<String> argv = new java.util.ArrayList<>(List.of("setsid"));
    argv.addAll(command.argv());
    // stdout and stderr are pipes copied into capped logs (CappedLog): a target decides how much it prints
    ProcessBuilder pb = new ProcessBuilder(argv);
    if (stdinFile != null) {
      pb.redirectInput(stdinFile.toFile());
    }
    return new RemoteProcess(name, pb.start(), out, err, out == null);
  }

  /** The file stdout goes to; null for a command started by {@link #startReading}. */
  public Path stdoutFile() {
    return stdout;
  }

  /** The stdout pipe of a command started by {@link #startReading}. */
  public InputStream stdout() {
    if (pipe == null) {
      throw new IllegalStateException(name + "'s stdout goes to " + stdout + ", not to a pipe");
    }
    return pipe;
  }

  /**
   * Stops the command and its descendants (SIGTERM, a grace, SIGKILL) if it still runs after
   * {@code limit}. Their end closes the stdout pipe, so a reader blocked on a target that went
   * silent sees the end of the stream instead of waiting for ever; {@link #overdue} then says why.
   */
  public void killAfter(Duration limit) {
    Thread.ofPlatform().daemon().name("deadline-" + name).start(() -> {
      try {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          overdue = true;
          stop();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** Whether {@link #killAfter}'s limit passed and the command was stopped for it. */
  public boolean overdue() {
    return overdue;
  }

  public Path stderrFile() {
    return stderr;
  }

  public String stderrTail(int n) {
    return Shell.tail(stderr, n);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The exit code, or {@link TimeoutException} (still running: close it). Once it returns, the logs
   * hold what the command printed (unless a descendant still holds its output open).
   */
  public int waitFor(Duration timeout) throws InterruptedException, TimeoutException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException(name + " still running after " + timeout.toSeconds() + " s");
    }
    drainLogs();
    return process.exitValue();
  }

  /** Whether the command printed more than its logs keep (CappedLog.CAP): a flooding target. */
  public boolean floodedLogs() {
    return logs.stream().anyMatch(CappedLog::truncated);
  }

  /** Closes stdin: the remote side's watcher stops the remote process group. */
  public void hangUp() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already closed, or the process is gone: either way the remote side sees EOF
    }
  }

  /**
   * Hangs up, gives the remote side {@link #REMOTE_GRACE} to stop its processes and end the
   * command, then stops the local command and its descendants (SIGTERM, a grace, SIGKILL). A
   * stdout pipe is closed first: a command still sending into it, to a reader that stopped, gets
   * EPIPE and ends at once instead of blocking on a full pipe until killed. Idempotent.
   */
  @Override
  public void close() {
    if (pipe != null) {
      try {
        pipe.close();
      } catch (IOException e) {
        // closed already: the command sees EPIPE either way
      }
    }
    hangUp();
    try {
      if (!process.waitFor(REMOTE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        stop();
      }
      drainLogs();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lets the logs take the last of what the ended command printed (bounded: see {@link #LOG_DRAIN}). */
  private void drainLogs() throws InterruptedException {
    for (CappedLog l : logs) {
      l.await(LOG_DRAIN);
    }
  }

  /**
   * SIGTERM to the command and its descendants, a grace, then SIGKILL to any of them still there: a
   * descendant that outlives the command would still hold its stdout open.
   */
  private void stop() {
    ProcessHandle h = process.toHandle();
    List<ProcessHandle> family = h.descendants().toList();
    h.destroy();
    family.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(LOCAL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        h.destroyForcibly();
      }
      family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      process.waitFor(LOCAL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "remote command " + name;
  }
}
