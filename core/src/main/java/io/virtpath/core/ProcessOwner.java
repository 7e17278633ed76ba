package io.virtpath.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as the kernel knows it: its pid and its start time (field 22 of /proc/PID/stat, clock
 * ticks since boot). The pair names one process for the life of the boot even when the pid is
 * reused, so an owner file written by a run that was SIGKILLed is recognised as dead even if an
 * unrelated process got the same pid later.
 *
 * <p>A pid means something only in its pid namespace: an owner written inside a container (the
 * lab's container target shares the results directory) cannot be judged from outside, and is
 * taken for alive.
 *
 * @param startTicks -1 when /proc could not say (then only the pid is compared)
 * @param pidNamespace the link /proc/self/ns/pid, e.g. {@code pid:[4026531836]}; null if unknown
 */
public record ProcessOwner(long pid, long startTicks, String pidNamespace) {
  private static final Path PROC = Path.of("/proc");

  /** This JVM. */
  public static ProcessOwner self() {
    long pid = ProcessHandle.current().pid();
    return new ProcessOwner(pid, startTicks(pid), ourPidNamespace());
  }

  /** The process {@code pid} as it is now, or empty if there is none. */
  public static Optional<ProcessOwner> of(long pid) {
    long ticks = startTicks(pid);
    return ticks < 0 && !Files.exists(PROC.resolve(Long.toString(pid)))
        ? Optional.empty()
        : Optional.of(new ProcessOwner(pid, ticks, ourPidNamespace()));
  }

  /** True while this very process runs (not merely some process with the same pid). */
  public boolean isAlive() {
    String ours = ourPidNamespace();
    if (pidNamespace != null && ours != null && !pidNamespace.equals(ours)) {
      return true; // another namespace's pid: cannot tell, so never removed
    }
    if (!Files.isDirectory(PROC.resolve(Long.toString(pid)))) {
      return false;
    }
    return startTicks < 0 || startTicks(pid) == startTicks;
  }

  /** Writes the owner file ({@code pid=}, {@code startTicks=}, {@code pidNamespace=} lines) atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, ("pid=" + pid + "\nstartTicks=" + startTicks + "\n"
        + (pidNamespace == null ? "" : "pidNamespace=" + pidNamespace + "\n")).getBytes(StandardCharsets.UTF_8));
  }

  /** The owner named by {@code file}; empty when it is missing or not an owner file. */
  public static Optional<ProcessOwner> read(Path file) {
    try {
      long pid = -1;
      long ticks = -1;
      String ns = null;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith("pid=")) {
          pid = Long.parseLong(line.substring(4).strip());
        } else if (line.startsWith("startTicks=")) {
          ticks = Long.parseLong(line.substring(11).strip());
        } else if (line.startsWith("pidNamespace=")) {
          ns = line.substring(13).strip();
        }
      }
      return pid > 0 ? Optional.of(new ProcessOwner(pid, ticks, ns)) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String ourPidNamespace() {
    try {
      return Files.readSymbolicLink(PROC.resolve("self/ns/pid")).toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Field 22 of /proc/PID/stat as this process's /proc shows it, or -1 when there is no such process. */
  public static long startTicks(long pid) {
    try {
      return parseStartTicks(Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Field 22 of a /proc/PID/stat line; the command name (field 2) may contain spaces and parentheses. */
  static long parseStartTicks(String stat) {
    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(rest[22 - 3]); // rest[0] is field 3 (state)
  }
}
