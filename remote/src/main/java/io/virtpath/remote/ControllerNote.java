package io.virtpath.remote;

import io.virtpath.core.Json;
import io.virtpath.core.ProcessOwner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code <run-dir>/.controller.json}: the {@code virtpath remote} process that writes this run's
 * record, written before the manifest and removed once the record is sealed. A run left {@code
 * running} whose note names a process that is gone was killed (SIGKILL, OOM, power loss: nothing
 * sealed it), and the next command seals it ({@link DeadRuns}).
 *
 * <p>A pid names a process only on one machine, in one boot and one pid namespace; hence the boot
 * id (random per boot, shared by the containers of that kernel), the machine id (one per
 * installation, to tell a reboot from another machine) and the namespace. The start time tells a
 * reused pid from the controller itself, as {@link ProcessOwner} does for scratch directories.
 *
 * @param startTicks field 22 of /proc/PID/stat (clock ticks since boot); -1 if unknown
 * @param pidNamespace the link /proc/self/ns/pid; null if unknown
 * @param host the host name, for messages only (two machines may share one)
 * @param machineId /etc/machine-id; null if there is none
 * @param bootId /proc/sys/kernel/random/boot_id; null if unknown
 * @param since when the controller claimed the run (ISO-8601 UTC)
 */
public record ControllerNote(long pid, long startTicks, String pidNamespace, String host, String machineId,
    String bootId, String since) {
  public static final String FILE = ".controller.json";

  /** What can be said about the note's process from here. */
  enum Judgement { ALIVE, DEAD, UNKNOWN }

  /** @param why for DEAD and UNKNOWN, what the judgement rests on (a console line's end) */
  record Verdict(Judgement judgement, String why) {}

  /** This JVM, now. */
  static ControllerNote self() {
    ProcessOwner me = ProcessOwner.self();
    return new ControllerNote(me.pid(), me.startTicks(), me.pidNamespace(), read("/proc/sys/kernel/hostname"),
        read("/etc/machine-id"), read("/proc/sys/kernel/random/boot_id"), Instant.now().toString());
  }

  void write(Path runDir) throws IOException {
    Json.write(runDir.resolve(FILE), this);
  }

  /** The note in {@code runDir}, or null when there is none; an unreadable one throws. */
  static ControllerNote read(Path runDir) throws IOException {
    Path f = runDir.resolve(FILE);
    if (!Files.exists(f)) {
      return null;
    }
    ControllerNote n = Json.read(f, ControllerNote.class);
    if (n.pid() <= 0) {
      throw new IOException(f + " names no process (pid " + n.pid() + ")");
    }
    return n;
  }

  /**
   * Whether the controller still runs, judged from {@code here} (this JVM's note). DEAD only when
   * it is certain: the same boot and pid namespace with the pid gone or reused, or the same machine
   * booted since. Another machine or namespace is UNKNOWN, never dead.
   */
  Verdict verdict(ControllerNote here) {
    if (bootId == null || !bootId.equals(here.bootId())) {
      if (machineId != null && machineId.equals(here.machineId()) && bootId != null && here.bootId() != null) {
        return new Verdict(Judgement.DEAD, "this machine has booted since it started");
      }
      return new Verdict(Judgement.UNKNOWN, "it ran on another machine (" + host + ")");
    }
    if (pidNamespace != null && here.pidNamespace() != null && !pidNamespace.equals(here.pidNamespace())) {
      return new Verdict(Judgement.UNKNOWN, "it ran in another pid namespace (" + pidNamespace + ", a container?)");
    }
    if (!Files.isDirectory(Path.of("/proc", Long.toString(pid)))) {
      return new Verdict(Judgement.DEAD, "pid " + pid + " is gone");
    }
    long now = ProcessOwner.startTicks(pid);
    if (startTicks >= 0 && now != startTicks) {
      return new Verdict(Judgement.DEAD, now < 0 ? "pid " + pid + " is gone"
          : "pid " + pid + " is another process now (started at tick " + now + ", the controller at " + startTicks + ")");
    }
    return new Verdict(Judgement.ALIVE, null);
  }

  private static String read(String file) {
    try {
      String s = Files.readString(Path.of(file), StandardCharsets.US_ASCII).strip();
      return s.isEmpty() ? null : s;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
