package io.virtpath.lab.guest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the host says about KVM before anything boots: the CPU's virtualization flag, whether the
 * kvm module is PVM, and whether /dev/kvm exists and opens read-write. Read from a root directory
 * so that tests can point it at a fake tree.
 *
 * <p>Where these facts already exclude KVM, {@link #whyNotKvm} says so in words and the probe boots
 * nothing: booting would only have waited for QEMU to abort or for a guest to hang.
 *
 * @param cpuFlag the hardware virtualization flag in /proc/cpuinfo
 * @param pvm whether the kvm_pvm module is loaded: PVM is a software hypervisor (KVM inside a guest
 *     without nested virtualization) that runs only guest kernels built for it
 * @param devKvm whether /dev/kvm exists
 * @param devKvmError why /dev/kvm did not open read-write; null when it opened or does not exist
 */
public record KvmHost(CpuFlag cpuFlag, boolean pvm, boolean devKvm, String devKvmError) {
  /** The virtualization flag of the CPU, as /proc/cpuinfo lists it. */
  public enum CpuFlag {
    VMX,
    SVM,
    /** x86 flags were read and neither is there: no hardware virtualization. */
    NONE,
    /** No flags line (not x86, or /proc/cpuinfo unreadable): the flags decide nothing. */
    UNKNOWN
  }

  /** The running machine. */
  public static KvmHost read() {
    return read(Path.of("/"));
  }

  /** Reads {@code proc/cpuinfo}, {@code sys/module/kvm_pvm} and {@code dev/kvm} under root. */
  public static KvmHost read(Path root) {
    Path kvm = root.resolve("dev/kvm");
    boolean exists = Files.exists(kvm);
    String error = null;
    if (exists) {
      // what QEMU does first with -accel kvm; a /dev/kvm we may not use is as good as none
      try {
        FileChannel.open(kvm, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
      } catch (IOException e) {
        error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
    }
    return new KvmHost(cpuFlag(root.resolve("proc/cpuinfo")), Files.isDirectory(root.resolve("sys/module/kvm_pvm")),
        exists, error);
  }

  private static CpuFlag cpuFlag(Path cpuinfo) {
    List<String> lines;
    try {
      lines = Files.readAllLines(cpuinfo);
    } catch (IOException e) {
      return CpuFlag.UNKNOWN;
    }
    boolean sawFlags = false;
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.substring(0, colon).strip().equals("flags")) {
        continue;
      }
      sawFlags = true;
      List<String> flags = List.of(line.substring(colon + 1).strip().split("\\s+"));
      if (flags.contains("vmx")) {
        return CpuFlag.VMX;
      }
      if (flags.contains("svm")) {
        return CpuFlag.SVM;
      }
    }
    return sawFlags ? CpuFlag.NONE : CpuFlag.UNKNOWN;
  }

  /**
   * Why KVM cannot run a stock guest here, every reason the facts give, the most telling first; empty
   * when only a boot can tell (hardware virtualization and a /dev/kvm that opens).
   */
  public Optional<String> whyNotKvm() {
    List<String> why = new ArrayList<>();
    if (pvm) {
      why.add((devKvm ? "/dev/kvm" : "KVM here") + " is PVM (module kvm_pvm), a software hypervisor: "
          + "stock guest kernels run emulated");
    }
    if (cpuFlag == CpuFlag.NONE) {
      why.add("the CPU has no vmx or svm flag in /proc/cpuinfo (no hardware virtualization)");
    }
    if (!devKvm) {
      why.add("/dev/kvm does not exist");
    } else if (devKvmError != null) {
      why.add("/dev/kvm does not open read-write: " + devKvmError);
    }
    return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
  }
}
