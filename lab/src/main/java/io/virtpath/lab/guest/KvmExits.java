package io.virtpath.lab.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * KVM's exit counts of one QEMU process, per reason, from debugfs: {@code
 * /sys/kernel/debug/kvm/<qemupid>-<vmfd>/} holds one file per statistic; those whose names contain
 * "exits" ({@code exits}, {@code io_exits}, {@code mmio_exits}, {@code halt_exits} ...) are read.
 * Under TCG there is no KVM and so no exit to count.
 */
public final class KvmExits {
  /** Whether exit counts can be read, and if not, why (one line). */
  public record Availability(boolean available, String reason) {}

  private final Path debugfsKvm;
  private final long qemuPid;

  /** @param debugfsKvm {@code /sys/kernel/debug/kvm} except in tests */
  public KvmExits(Path debugfsKvm, long qemuPid) {
    this.debugfsKvm = debugfsKvm;
    this.qemuPid = qemuPid;
  }

  /** The real debugfs. */
  public static KvmExits of(long qemuPid) {
    return new KvmExits(Path.of("/sys/kernel/debug/kvm"), qemuPid);
  }

  /** Whether {@link #read} gives figures for a guest under {@code accel}. */
  public Availability availability(String accel) {
    if (!accel.equals("kvm")) {
      return new Availability(false, "not available: " + accel.toUpperCase(java.util.Locale.ROOT)
          + " (QEMU emulates the CPU; there are no KVM exits)");
    }
    if (!Files.isDirectory(debugfsKvm)) {
      return new Availability(false, "not available: debugfs is not mounted at " + debugfsKvm.getParent()
          + " (mount -t debugfs none " + debugfsKvm.getParent() + ")");
    }
    try {
      if (read().isEmpty()) {
        return new Availability(false, "not available: no " + debugfsKvm + "/" + qemuPid + "-*/ with exit counts");
      }
    } catch (IOException e) {
      return new Availability(false, "not available: " + e.getMessage());
    }
    return new Availability(true, null);
  }

  /**
   * Every exit count of this QEMU's VMs now, by file name (summed over its VMs: one per QEMU).
   * Empty when it has none.
   */
  public Map<String, Long> read() throws IOException {
    Map<String, Long> out = new TreeMap<>();
    String prefix = qemuPid + "-";
    try (DirectoryStream<Path> vms = Files.newDirectoryStream(debugfsKvm, p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path vm : vms) {
        try (DirectoryStream<Path> stats = Files.newDirectoryStream(vm, p -> p.getFileName().toString().contains("exits"))) {
          for (Path f : stats) {
            try {
              long v = Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).strip());
              out.merge(f.getFileName().toString(), v, Long::sum);
            } catch (NoSuchFileException e) {
              // the VM went away
            } catch (NumberFormatException e) {
              throw new IOException(f + " is not a count");
            }
          }
        }
      }
    }
    return out;
  }
}
