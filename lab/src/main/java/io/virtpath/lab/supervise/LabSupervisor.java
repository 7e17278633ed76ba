package io.virtpath.lab.supervise;

import io.virtpath.core.ShutdownHook;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a lab so that everything it starts dies with it, whatever kills it. The lab's JVM is
 * re-executed as PID 1 of a new PID namespace with a private mount namespace ({@code unshare
 * --pid --fork --mount --propagation private --kill-child}): when it ends, by SIGKILL too, the
 * kernel kills every process in the namespace (QEMU, runc and the container, peers, JMH forks)
 * and drops every mount made in it (the network namespaces' files, the runtime directory's tmpfs).
 * This process stays outside as the supervisor: it waits, forwards SIGTERM and Ctrl-C so the lab
 * can seal its record, and {@code setpriv --pdeathsig} takes the namespace down if the supervisor
 * itself is killed.
 */
public final class LabSupervisor {
  /** How long a signalled lab gets to stop its targets and seal its record. */
  static final long STOP_WAIT_SECONDS = 120;

  private LabSupervisor() {}

  /** Whether this process is the supervised lab (PID 1 of the lab's namespaces). */
  public static boolean supervised() {
    return Supervision.current() != null && ProcessHandle.current().pid() == 1;
  }

  /**
   * When root and not supervised yet: runs {@code args} (this command line) again inside the lab's
   * namespaces and returns its exit code. Returns null when the caller should go on itself: it is
   * the supervised lab already, or it is not root (the lab then fails on its own root check).
   */
  public static Integer superviseIfNeeded(Path jar, List<String> args, PrintStream err)
      throws IOException, InterruptedException {
    if (Supervision.current() != null || !isRoot()) {
      return null;
    }
    // Here, in the host's PID namespace, every other lab's supervisor is visible: sweep here, not
    // inside (see Leftovers.sweep).
    Leftovers.report(Leftovers.sweep("lab at " + java.time.Instant.now()), err);
    Supervision me = Supervision.self();
    List<String> cmd = command(Path.of(System.getProperty("java.home"), "bin", "java"),
        ManagementFactory.getRuntimeMXBean().getInputArguments(), jar, args);
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    pb.environment().put(Supervision.ENV, me.env());
    Process unshare;
    try {
      unshare = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot start the lab in its own namespaces (" + String.join(" ", cmd.subList(0, 3))
          + "): " + e.getMessage() + "; setpriv and unshare come with util-linux");
    }
    try (ShutdownHook hook = ShutdownHook.install("virtpath-lab-supervisor", () -> stop(unshare))) {
      return unshare.waitFor();
    }
  }

  /** The command line, as text for tests: setpriv, unshare, then this very JVM and jar. */
  static List<String> command(Path java, List<String> jvmArgs, Path jar, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(
        "setpriv", "--pdeathsig", "KILL", "--",
        "unshare", "--pid", "--fork", "--kill-child=SIGKILL", "--mount", "--propagation", "private",
        "--mount-proc", "--",
        java.toString()));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", jar.toString()));
    cmd.addAll(args);
    return cmd;
  }

  /** SIGTERM to the lab (unshare itself ignores it), then wait for it to seal and stop. */
  private static void stop(Process unshare) {
    unshare.toHandle().children().forEach(ProcessHandle::destroy);
    try {
      if (!unshare.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        unshare.destroyForcibly(); // --kill-child takes the namespace down with it
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static boolean isRoot() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    } catch (IOException e) {
      return false;
    }
  }
}
