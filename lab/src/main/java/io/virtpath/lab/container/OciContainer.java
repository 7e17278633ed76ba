package io.virtpath.lab.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtpath.core.FileTrees;
import io.virtpath.core.Json;
import io.virtpath.core.Mounts;
import io.virtpath.lab.proc.ChildProcess;
import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The container target: a generated OCI bundle run in the foreground by runc or crun. Its root is
 * an empty directory into which the runtime binds, read-only and inside the container's own mount
 * namespace, just the {@link HostView} (system directories, the JDK, the jar), so they are at the
 * host's paths; the scratch and results directories are bound read-write, so container files are
 * plain host files (as with OpenVZ). Own mount, PID, UTS and IPC namespaces, the lab's network
 * namespace, CPU and memory limits equal to the guests'. Nothing is ever mounted on the host: a
 * crash of the lab leaves no mount behind, and deleting the bundle cannot reach host files.
 *
 * <p>The container's stdio: with {@code terminal} false and the runtime in the foreground, the
 * container's process gets the runtime's own stdio (runc copies between its stdio and pipes it gives
 * the process, and closes the process's stdin when its own ends; crun passes its descriptors on).
 * {@link #start} makes them files in the log directory (a run that prints progress); {@link
 * #startPiped} makes stdin and stdout pipes the lab holds (an agent, which speaks its protocol on
 * them), and closing stdin is then how the container is asked to end.
 */
public final class OciContainer implements AutoCloseable {
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  /** Between SIGTERM and SIGKILL: time for the inner run to seal its record as partial. */
  private static final Duration TERM_GRACE = Duration.ofSeconds(5);
  /**
   * Piped: from closing the container's stdin to the kill. An agent that reads the end of its
   * input between blocks seals its record and ends within a second or two; one in the middle of a
   * block is killed (SIGTERM, which seals its record as partial) rather than waited for.
   */
  public static final Duration HANG_UP_GRACE = Duration.ofSeconds(10);

  private final ContainerConfig config;
  private final OciRuntime runtime;
  private final Path bundle;
  private final Path rootfs;
  private final Path configCopy;
  private final Path runtimeLog;
  private final List<String> commandLine;
  private final boolean piped;
  private ChildProcess process;
  private long startNanos;
  private volatile ContainerResult result;
  private boolean closed;

  private OciContainer(ContainerConfig config, OciRuntime runtime, Path bundle, boolean piped) {
    this.config = config;
    this.piped = piped;
    this.runtime = runtime;
    this.bundle = bundle;
    this.rootfs = bundle.resolve(BundleSpec.ROOTFS);
    this.configCopy = config.logDir().resolve(config.id() + ".config.json");
    this.runtimeLog = config.logDir().resolve(config.id() + ".runtime.log");
    this.commandLine = runtime.runCommand(bundle, config.id(), runtimeLog);
  }

  /** The runtime that would be used here, e.g. "runc 1.1.5+ds1 (cgroup hybrid)". */
  public static String detectRuntime() throws IOException {
    OciRuntime r = OciRuntime.detect();
    return r.name() + " " + r.version() + " (cgroup " + r.layout().name().toLowerCase() + ")";
  }

  /**
   * Generates the bundle and starts the container, its stdout and stderr in files of the log
   * directory and its stdin empty; on any failure everything is undone.
   */
  public static OciContainer start(ContainerConfig config) throws IOException {
    return start(config, false);
  }

  /**
   * As {@link #start}, but the container's stdin and stdout are pipes the lab holds ({@link
   * #toContainer}, {@link #fromContainer}); its stderr (and the runtime's) goes to a file in the log
   * directory. {@link #close} closes stdin first and gives the command {@link #HANG_UP_GRACE} to end
   * by itself.
   */
  public static OciContainer startPiped(ContainerConfig config) throws IOException {
    return start(config, true);
  }

  private static OciContainer start(ContainerConfig config, boolean piped) throws IOException {
    OciRuntime runtime = OciRuntime.detect();
    if (config.stateRoot() != null) {
      runtime = runtime.withStateRoot(Files.createDirectories(config.stateRoot()));
    }
    if (runtime.exists(config.id())) {
      throw new IOException(
          "container " + config.id() + " already exists in " + runtime.name()
              + " (another lab, or a crashed one): remove it with '" + runtime.name()
              + " delete --force " + config.id() + "'");
    }
    checkBinds(config);
    Files.createDirectories(config.bundleDir());
    Path bundle = config.bundleDir().toRealPath(); // mountinfo shows canonical paths
    if (!Mounts.under(bundle).isEmpty()) {
      throw new IOException("bundle directory " + bundle + " has mounts: " + Mounts.under(bundle)
          + "; unmount them ('umount -R') or choose another");
    }
    Files.createDirectories(config.logDir());
    OciContainer c = new OciContainer(config, runtime, bundle, piped);
    try {
      Files.createDirectory(c.rootfs);
      for (Map.Entry<String, String> link : config.hostView().symlinks().entrySet()) {
        Files.createSymbolicLink(c.rootfs.resolve(link.getKey()), Path.of(link.getValue()));
      }
      ObjectNode spec = BundleSpec.build(config, runtime.layout(), swapAccounted(runtime.layout()));
      Json.write(bundle.resolve("config.json"), spec);
      Json.write(c.configCopy, spec);
      c.startNanos = System.nanoTime();
      c.process = piped
          ? ChildProcess.startPiped(config.id(), c.commandLine, config.logDir(), ChildProcess.DEFAULT_GRACE)
          : ChildProcess.start(config.id(), c.commandLine, config.logDir());
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * Waits for the command to end, at most until the configured timeout (counted from start); at
   * the timeout the container is killed and deleted. Repeated calls return the same result. Holds
   * no lock while waiting, so {@link #close} from a shutdown hook ends the wait at once.
   */
  public ContainerResult await() throws InterruptedException {
    ContainerResult done = result;
    if (done != null) {
      return done;
    }
    Duration left = config.timeout().minusNanos(System.nanoTime() - startNanos);
    try {
      int exit = process.waitFor(left.isNegative() ? Duration.ZERO : left);
      done = new ContainerResult(exit, false, seconds(), exit == 0 ? null : failure(exit));
    } catch (TimeoutException e) {
      double s = seconds();
      stop();
      done = new ContainerResult(-1, true, s,
          "timed out after " + config.timeout().toSeconds() + " s; container killed");
    } catch (InterruptedException e) {
      stop();
      throw e;
    }
    result = done;
    return done;
  }

  /**
   * Waits at most {@code limit} for the command to end (an agent told to finish), without killing
   * it: {@link TimeoutException} if it still runs ({@link #close} stops it).
   */
  public int waitFor(Duration limit) throws InterruptedException, TimeoutException {
    return process.waitFor(limit);
  }

  /** The container's stdin, of a container started by {@link #startPiped}. */
  public java.io.OutputStream toContainer() {
    return process.toChild();
  }

  /** The container's stdout, of a container started by {@link #startPiped}. */
  public java.io.InputStream fromContainer() {
    return process.fromChild();
  }

  /** The runtime command line, for the lab manifest. */
  public List<String> commandLine() {
    return commandLine;
  }

  /** A copy of the bundle's config.json in the log directory (the bundle goes away on close). */
  public Path configJson() {
    return configCopy;
  }

  public OciRuntime runtime() {
    return runtime;
  }

  public ContainerConfig config() {
    return config;
  }

  /**
   * Stdout of the container's command (and of the runtime), kept in the log directory; null when
   * piped.
   */
  public Path stdoutFile() {
    return process == null ? null : process.stdoutFile();
  }

  public Path stderrFile() {
    return process == null ? null : process.stderrFile();
  }

  /**
   * Stops and deletes the container if it is still there (piped: first its stdin is closed and the
   * command gets {@link #HANG_UP_GRACE} to end by itself; then SIGTERM, a grace period for the inner
   * run to seal its record, then SIGKILL), then removes the bundle: the mount points the runtime
   * created in the empty root are plain directories and files, and the tree delete refuses to
   * cross a mount anyway. Idempotent, never throws: problems go to the log directory.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (piped && process != null) {
      hangUp();
    }
    stop();
    try {
      FileTrees.delete(bundle);
    } catch (IOException | RuntimeException e) {
      note("cleaning bundle " + bundle + ": " + e);
    }
  }

  /** Closes the container's stdin and waits for the command to end by itself, at most {@link #HANG_UP_GRACE}. */
  private void hangUp() {
    process.closeInput();
    try {
      process.waitFor(HANG_UP_GRACE);
    } catch (TimeoutException stillRunning) {
      note("still running " + HANG_UP_GRACE.toSeconds() + " s after its stdin closed: stopping it");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kill and delete through the runtime, then make sure the foreground runtime process is gone. */
  private synchronized void stop() {
    try {
      if (runtime.exists(config.id())) {
        if (process != null && process.isAlive() && runtime.kill(config.id(), "TERM").ok()) {
          try {
            process.waitFor(TERM_GRACE);
          } catch (TimeoutException stillRunning) {
            // killed below
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        Shell.Result k = runtime.kill(config.id(), "KILL");
        Shell.Result d = runtime.deleteForce(config.id());
        if (!d.ok()) {
          note(Shell.quote(d.command()) + ": " + d.stderr().strip()
              + (k.ok() ? "" : "; kill: " + k.stderr().strip()));
        }
      }
    } catch (IOException | RuntimeException e) {
      note("stopping container " + config.id() + ": " + e);
    }
    if (process != null) {
      try {
        process.waitFor(KILL_WAIT);
      } catch (TimeoutException e) {
        note(e.getMessage() + " after the container was killed; terminating it");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process.close();
    }
  }

  /** A runtime error (from its JSON log) or the command's own exit status. */
  private String failure(int exit) {
    String runtimeError = lastRuntimeError();
    if (runtimeError != null) {
      return runtime.name() + " failed (exit " + exit + "): " + runtimeError;
    }
    String tail = process.stderrTail(3).strip();
    return "command exited with " + exit + (tail.isEmpty() ? "" : ": " + tail);
  }

  private String lastRuntimeError() {
    try {
      if (!Files.exists(runtimeLog)) {
        return null;
      }
      String last = null;
      for (String line : Files.readAllLines(runtimeLog, StandardCharsets.UTF_8)) {
        try {
          JsonNode n = Json.mapper().readTree(line);
          if (n != null && "error".equals(n.path("level").asText())) {
            last = n.path("msg").asText();
          }
        } catch (IOException notJson) {
          // a line the runtime did not write as JSON: ignore
        }
      }
      return last;
    } catch (IOException e) {
      return null;
    }
  }

  private double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void note(String line) {
    try {
      Files.createDirectories(config.logDir());
      Files.writeString(config.logDir().resolve(config.id() + ".cleanup.log"), line + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("virtpath: container " + config.id() + ": " + line);
    }
  }

  /** Bind sources must exist (the runtime creates the mount points in the empty root). */
  private static void checkBinds(ContainerConfig c) {
    List<Path> sources = new java.util.ArrayList<>(c.readWriteBinds().keySet());
    sources.addAll(c.hostView().binds());
    for (Path source : sources) {
      if (!Files.exists(source)) {
        throw new IllegalArgumentException(
            "container bind source " + source + " does not exist: create it first");
      }
    }
  }

  /** Whether there is swap whose use the memory limit must also cover. */
  private static boolean swapAccounted(CgroupLayout layout) throws IOException {
    boolean swapOn = Files.readAllLines(Path.of("/proc/swaps")).size() > 1;
    if (!swapOn) {
      return false;
    }
    return layout == CgroupLayout.V2
        || Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"));
  }
}
