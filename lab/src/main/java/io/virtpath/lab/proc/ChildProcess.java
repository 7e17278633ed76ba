package io.virtpath.lab.proc;

import java.io.File;
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
 * A child process the lab started: its command line, stdout and stderr are kept in files under a
 * log directory (they end up in the record); {@link #close} stops it for sure — SIGTERM to it and
 * its descendants, a grace period, then SIGKILL — so nothing outlives the lab.
 *
 * <p>A child that talks to the lab ({@link #startPiped}, an agent) has its stdin and stdout as
 * pipes the lab holds instead; only its stderr goes to a file.
 */
public final class ChildProcess implements AutoCloseable {
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final Duration grace;
  private final boolean piped;

  private ChildProcess(String name, Process process, Path stdout, Path stderr, Duration grace, boolean piped) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.grace = grace;
    this.piped = piped;
  }

  /** Starts {@code command}; logs go to {@code logDir/name.{cmd,out,err}}. */
  public static ChildProcess start(String name, List<String> command, Path logDir) throws IOException {
    return start(name, command, logDir, DEFAULT_GRACE);
  }

  public static ChildProcess start(String name, List<String> command, Path logDir, Duration grace)
      throws IOException {
    Files.createDirectories(logDir);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    Files.writeString(logDir.resolve(name + ".cmd"), Shell.quote(command) + "\n");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    return new ChildProcess(name, p, out, err, grace, false);
  }

  /**
   * Starts {@code command} with its stdin and stdout as pipes ({@link #toChild}, {@link
   * #fromChild}); stderr goes to {@code logDir/name.err}, the command line to {@code name.cmd}.
   */
  public static ChildProcess startPiped(String name, List<String> command, Path logDir, Duration grace)
      throws IOException {
    Files.createDirectories(logDir);
    Path err = logDir.resolve(name + ".err");
    Files.writeString(logDir.resolve(name + ".cmd"), Shell.quote(command) + "\n");
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
    return new ChildProcess(name, p, null, err, grace, true);
  }

  /** The child's stdin, of a child started by {@link #startPiped}. */
  public OutputStream toChild() {
    requirePiped();
    return process.getOutputStream();
  }

  /** The child's stdout, of a child started by {@link #startPiped}. */
  public InputStream fromChild() {
    requirePiped();
    return process.getInputStream();
  }

  /** Closes the child's stdin: it reads the end of its input (the polite way to end an agent). */
  public void closeInput() {
    requirePiped();
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // closed already, or the child is gone: it sees the end of its input either way
    }
  }

  private void requirePiped() {
    if (!piped) {
      throw new IllegalStateException(name + "'s stdio are files (" + stdout + "), not pipes");
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The stdout log, or null for a child started by {@link #startPiped} (its stdout is the lab's pipe). */
  public Path stdoutFile() {
    return stdout;
  }

  public Path stderrFile() {
    return stderr;
  }

  /** The exit code, or {@link TimeoutException} (the process is then still running: close it). */
  public int waitFor(Duration timeout) throws InterruptedException, TimeoutException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException(name + " still running after " + timeout.toSeconds() + " s");
    }
    return process.exitValue();
  }

  /**
   * Waits until the process has printed {@code text} on stdout (a server saying it listens);
   * fails with its own last words if it exits first or stays silent past {@code timeout}.
   */
  public void awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (stdout != null && Files.exists(stdout) && Files.readString(stdout).contains(text)) {
        return;
      }
      if (!isAlive()) {
        throw new IOException(name + " exited: " + stderrTail(5) + stdoutTail(3));
      }
      Thread.sleep(50);
    }
    throw new IOException(name + " did not start within " + timeout.toSeconds() + " s: " + stderrTail(5) + stdoutTail(3));
  }

  /** The last {@code n} lines of stderr, for an error message. */
  public String stderrTail(int n) {
    return Shell.tail(stderr, n);
  }

  public String stdoutTail(int n) {
    return stdout == null ? "" : Shell.tail(stdout, n);
  }

  /** SIGTERM to the process and its descendants, wait {@code grace}, then SIGKILL. Idempotent. */
  @Override
  public void close() {
    if (piped) {
      closeInput(); // also frees the lab's end of the pipe
    }
    ProcessHandle handle = process.toHandle();
    List<ProcessHandle> family = handle.descendants().toList();
    if (!handle.isAlive() && family.stream().noneMatch(ProcessHandle::isAlive)) {
      return;
    }
    handle.destroy();
    family.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      while (System.nanoTime() < deadline
          && (handle.isAlive() || family.stream().anyMatch(ProcessHandle::isAlive))) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    family.forEach(ProcessHandle::destroyForcibly);
    handle.destroyForcibly();
    try {
      process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
