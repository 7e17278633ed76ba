package io.virtpath.lab.net;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Named network namespaces as {@code ip netns} manages them, and the processes inside them. */
public final class NetNs {
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private NetNs() {}

  /** Names from {@code ip netns list} ("NAME (id: 3)" lines). */
  public static List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Shell.run(TIMEOUT, "ip", "netns", "list").orThrow().stdout().split("\n")) {
      String name = line.strip().split("\\s+")[0];
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * The file the namespace is bind-mounted on. iproute2 uses /var/run/netns, which Debian links to
   * /run/netns; the resolved path is given so a runtime does not depend on that link.
   */
  public static String path(String name) {
    Path p = Path.of("/var/run/netns", name);
    try {
      return p.toRealPath().toString();
    } catch (IOException e) {
      return p.toString();
    }
  }

  /** Host PIDs of the processes whose network namespace is {@code name}. */
  public static List<Long> pids(String name) throws IOException {
    Shell.Result r = Shell.run(TIMEOUT, "ip", "netns", "pids", name);
    if (!r.ok()) {
      return List.of(); // the namespace is already gone
    }
    List<Long> pids = new ArrayList<>();
    for (String line : r.stdout().split("\\s+")) {
      if (!line.isBlank()) {
        pids.add(Long.parseLong(line.strip()));
      }
    }
    return pids;
  }

  /**
   * SIGTERM to every process in the namespaces, up to {@code grace} to leave, then SIGKILL. The
   * namespace disappears only when nothing uses it any more, so this comes before deleting it.
   */
  public static void killAll(List<String> names, Duration grace) throws IOException {
    List<ProcessHandle> inside = new ArrayList<>();
    for (String name : names) {
      for (long pid : pids(name)) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isPresent() && h.get().pid() != ProcessHandle.current().pid()) {
          inside.add(h.get());
        }
      }
    }
    if (inside.isEmpty()) {
      return;
    }
    inside.forEach(ProcessHandle::destroy);
    waitGone(inside, grace);
    inside.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    waitGone(inside, Duration.ofSeconds(2));
  }

  private static void waitGone(List<ProcessHandle> handles, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      while (System.nanoTime() < deadline && handles.stream().anyMatch(ProcessHandle::isAlive)) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static boolean exists(String name) {
    return Files.exists(Path.of("/var/run/netns", name));
  }
}
