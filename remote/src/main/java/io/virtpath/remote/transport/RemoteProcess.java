package io.virtpath.remote.transport;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
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
 */
public final class RemoteProcess implements AutoCloseable {
  /** How long the remote side gets to stop its process group once stdin closed. */
  public static final Duration REMOTE_GRACE = Duration.ofSeconds(30);
  private static final Duration LOCAL_GRACE = Duration.ofSeconds(5);

  private final String name;
  private final Process process;
  private final OutputStream stdin;
  private final Path stdout;
  private final Path stderr;

  private RemoteProcess(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code command}; logs go to {@code logDir/name.{cmd,out,err}} unless {@code stdoutFile}
   * names another file for stdout (a tar stream). {@code stdinFile} null means a held-open pipe.
   * The {@code .cmd} log is the command as shown, its user-given values hidden.
   */
  public static RemoteProcess start(String name, CommandLine command, Path logDir, Path stdinFile, Path stdoutFile)
      throws IOException {
    Files.createDirectories(logDir);
    Path out = stdoutFile != null ? stdoutFile : logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    Files.writeString(logDir.resolve(name + ".cmd"), Shell.quote(command.shown()) + "\n");
    // A session of its own: a terminal's Ctrl-C reaches virtpath only, which then hangs up in order
    // (the target stops its run, which seals its record) instead of killing ssh or the prefix
    // command under the run's feet.
    List<String> argv = new java.util.ArrayList<>(List.of("setsid"));
    argv.addAll(command.argv());
    ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
    if (stdinFile != null) {
      pb.redirectInput(stdinFile.toFile());
    }
    return new RemoteProcess(name, pb.start(), out, err);
  }

  public Path stdoutFile() {
    return stdout;
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

  /** The exit code, or {@link TimeoutException} (still running: close it). */
  public int waitFor(Duration timeout) throws InterruptedException, TimeoutException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException(name + " still running after " + timeout.toSeconds() + " s");
    }
    return process.exitValue();
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
   * command, then stops the local command and its descendants (SIGTERM, a grace, SIGKILL).
   * Idempotent.
   */
  @Override
  public void close() {
    hangUp();
    try {
      if (process.waitFor(REMOTE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ProcessHandle h = process.toHandle();
    List<ProcessHandle> family = h.descendants().toList();
    h.destroy();
    family.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(LOCAL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        family.forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
        process.waitFor(LOCAL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "remote command " + name;
  }
}
