package io.virtpath.lab.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this machine can give a guest, so a spec asking for more fails while it is read, not after
 * the lab has installed packages and built the guest image.
 *
 * @param cpus the CPUs this JVM may use (cgroup-aware)
 * @param memoryMiB MemTotal from /proc/meminfo; 0 when unknown (then only the format's limit applies)
 */
public record HostLimits(int cpus, long memoryMiB) {
  /** QEMU's "pc" (i440fx) machine, which every guest uses, boots at most 255 vCPUs. */
  static final int QEMU_PC_MAX_CPUS = 255;
  /** vCPUs per host CPU. More is not a measurement any more, only a queue for the host scheduler. */
  static final int OVERCOMMIT = 4;
  /** Below this the guest's JVM and the suites do not fit next to the tmpfs root. */
  static final int MIN_MEMORY_MIB = 512;

  public static HostLimits ofThisMachine() {
    return new HostLimits(Runtime.getRuntime().availableProcessors(), memTotalMiB(Path.of("/proc/meminfo")));
  }

  int maxVcpus() {
    return Math.min(QEMU_PC_MAX_CPUS, cpus * OVERCOMMIT);
  }

  int maxMemoryMiB() {
    return (int) Math.min(Integer.MAX_VALUE, memoryMiB > 0 ? memoryMiB : 1 << 20);
  }

  static long memTotalMiB(Path meminfo) {
    try {
      for (String line : Files.readAllLines(meminfo)) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unknown: the caller falls back to the spec format's own limit
    }
    return 0;
  }
}
