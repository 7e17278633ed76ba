package io.virtpath.cli.it.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtpath.core.FileTrees;
import io.virtpath.core.Json;
import io.virtpath.lab.proc.Shell;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A runc container that stands for a small machine without Java: its root is a {@link BareRootfs}
 * (busybox, glibc, no JDK), its network the guest namespace of a {@link RemoteNet}, so it reaches
 * the controller at 10.79.K.1. PID 1 only waits ({@code runc run -d}); a remote run reaches it as
 * {@code exec:} + {@link #execPrefix()}, with stdin passed through to the command inside.
 *
 * <p>Its state root, bundle and root live in one directory under /var/tmp (a disk, so O_DIRECT
 * works in {@link #scratch()}, as it does on a real machine's disk); close() kills the container,
 * deletes it from runc and removes that directory. Logs stay in the test's log directory.
 */
public final class BareContainer implements AutoCloseable {
  /** Where the container's root is made: a disk file system, not a tmpfs. */
  static final Path PARENT = Path.of("/var/tmp");
  private static final Duration RUNC_LIMIT = Duration.ofSeconds(60);

  private final String id;
  private final Path dir;
  private final Path logDir;
  private final Path runc;
  private long initPid = -1;
  private boolean closed;

  private BareContainer(String id, Path dir, Path logDir, Path runc) {
    this.id = id;
    this.dir = dir;
    this.logDir = logDir;
    this.runc = runc;
  }

  /** Builds the root and starts the container; on any failure everything is undone. */
  public static BareContainer start(RemoteNet net, Path logDir) throws IOException, InterruptedException {
    Path runc = find("runc");
    Files.createDirectories(logDir);
    Path dir = Files.createTempDirectory(PARENT, "vpr-ct-" + net.id() + "-");
    BareContainer c = new BareContainer(RemoteNet.PREFIX + net.id() + "-ct", dir, logDir, runc);
    try {
      String fs = Files.getFileStore(dir).type();
      if (fs.equals("tmpfs") || fs.equals("ramfs")) {
        throw new IOException(PARENT + " is a " + fs + ": the bare container's scratch must be on a"
            + " disk file system, where O_DIRECT works as on a real machine");
      }
      Path rootfs = Files.createDirectories(c.bundle().resolve("rootfs"));
      BareRootfs.populate(rootfs);
      ObjectNode spec = BareSpec.build(c.id, net.guestNetnsPath());
      Json.write(c.bundle().resolve("config.json"), spec);
      Json.write(logDir.resolve(c.id + ".config.json"), spec);
      c.run();
      return c;
    } catch (IOException | RuntimeException | InterruptedException e) {
      c.close();
      throw e;
    }
  }

  public String id() {
    return id;
  }

  /** {@code runc --root STATE exec ID}: put a command after it to run it inside. */
  public List<String> execCommand() {
    return List.of(runc.toString(), "--root", state().toString(), "exec", id);
  }

  /** {@link #execCommand()} as one string, for an {@code exec:} target URI. */
  public String execPrefix() {
    return Shell.quote(execCommand());
  }

  /** {@code exec:} + {@link #execPrefix()}: a target URI as the contract spells it. */
  public String uri() {
    return "exec:" + execPrefix();
  }

  /** A directory inside the container, on a disk file system, for a remote run's --scratch. */
  public String scratch() {
    return BareRootfs.SCRATCH;
  }

  /** The container's root as seen from this machine, to look at what a run left there. */
  public Path rootOnHost() {
    return bundle().resolve("rootfs");
  }

  /** The container's PID 1 (in this machine's PID namespace). */
  public long initPid() {
    return initPid;
  }

  /**
   * Everything running in the container except PID 1, as "pid N: command line" (host PIDs): empty
   * when every command run through {@link #execCommand()} has ended and left nothing behind.
   */
  public List<String> processesInside() throws IOException {
    JsonNode pids = Json.mapper().readTree(runc("ps", "--format", "json", id).orThrow().stdout());
    List<String> inside = new ArrayList<>();
    for (JsonNode p : pids) {
      long pid = p.asLong();
      if (pid != initPid) {
        inside.add(ProcessLine.describe(pid));
      }
    }
    return inside;
  }

  /** Whether runc still knows the container. */
  public boolean exists() throws IOException {
    return Files.isDirectory(state()) && runc("state", id).ok();
  }

  /**
   * SIGKILL to the container (its PID namespace goes with PID 1: every process inside ends), runc's
   * delete, then the directory with root and state. Idempotent, never throws: problems go to
   * ID.cleanup.log in the log directory.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (exists()) {
        runc("kill", id, "KILL");
        Shell.Result d = runc("delete", "--force", id);
        if (!d.ok()) {
          note(Shell.quote(d.command()) + ": " + d.stderr().strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      note("stopping container " + id + ": " + e);
    }
    if (initPid > 0) {
      ProcessHandle.of(initPid).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS)
          .exceptionally(t -> null).join());
    }
    try {
      FileTrees.delete(dir);
    } catch (IOException | RuntimeException e) {
      note("removing " + dir + ": " + e);
    }
  }

  /**
   * {@code runc run -d}: runc returns once PID 1 runs. The container's stdio is runc's, so the
   * files given here (in the log directory) stay PID 1's stdout and stderr.
   */
  private void run() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(runc.toString(), "--root", state().toString(),
        "--log", logDir.resolve(id + ".runtime.log").toString(), "--log-format", "json",
        "run", "-d", "--pid-file", dir.resolve("init.pid").toString(), "--bundle", bundle().toString(), id));
    Files.writeString(logDir.resolve(id + ".cmd"), Shell.quote(cmd) + "\n");
    Path err = logDir.resolve(id + ".err");
    Process p = new ProcessBuilder(cmd)
        .redirectInput(new File("/dev/null"))
        .redirectOutput(logDir.resolve(id + ".out").toFile())
        .redirectError(err.toFile())
        .start();
    if (!p.waitFor(RUNC_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException("runc run -d did not return within " + RUNC_LIMIT + "; logs in " + logDir);
    }
    if (p.exitValue() != 0) {
      throw new IOException("runc run -d " + id + " failed (exit " + p.exitValue() + "): "
          + Files.readString(err).strip() + "; logs in " + logDir);
    }
    initPid = Long.parseLong(Files.readString(dir.resolve("init.pid")).strip());
  }

  private Shell.Result runc(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(runc.toString(), "--root", state().toString()));
    cmd.addAll(List.of(args));
    return Shell.run(cmd, RUNC_LIMIT);
  }

  private Path bundle() {
    return dir.resolve("bundle");
  }

  /** runc's --root: this container's state only, so no other runc user sees or touches it. */
  private Path state() {
    return dir.resolve("state");
  }

  private void note(String line) {
    try {
      Files.writeString(logDir.resolve(id + ".cleanup.log"), line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("remote fixture container " + id + ": " + line);
    }
  }

  /** The sbin directories count even when PATH lacks them (a test JVM's PATH may). */
  private static Path find(String program) throws IOException {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/local/sbin:/usr/sbin:/sbin";
    for (String d : path.split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
        return Path.of(d, program);
      }
    }
    throw new IOException(program + " is not installed: scripts/install-deps.sh installs runc");
  }
}
