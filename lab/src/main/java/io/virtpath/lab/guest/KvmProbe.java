package io.virtpath.lab.guest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Finds out whether KVM really runs a guest here. An openable /dev/kvm is not enough: under some
 * nested setups (a software "PVM" kvm module, no vmx/svm) the guest hangs at kernel entry while
 * QEMU spins. So a tiny guest (no disk, no NIC) is booted with {@code -accel kvm}; KVM counts as
 * usable only when its /init prints the probe marker within the timeout.
 */
public final class KvmProbe {
  private static final Path KVM = Path.of("/dev/kvm");
  static final String MARKER = "VIRTPATH-PROBE-OK";

  private KvmProbe() {}

  /** Boots the probe guest; kills it at {@code timeout}. Logs (console, qemu.*) go to logDir. */
  public static ProbeResult probe(GuestImage image, Duration timeout, Path logDir)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    if (!Files.exists(KVM)) {
      return new ProbeResult(false, KVM + " missing", since(start));
    }
    try {
      FileChannel.open(KVM, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
    } catch (IOException e) {
      return new ProbeResult(false, KVM + " not accessible: " + e.getMessage(), since(start));
    }
    GuestConfig config =
        new GuestConfig(
            "vp-kvm-probe", null, null, false, "none", "threads", 1, 256, "kvm", null, null, null,
            null, null, null, null, List.of(), Map.of(), timeout, logDir, null, List.of(), Map.of());
    GuestResult r;
    double at;
    String stderr;
    try (QemuGuest guest = QemuGuest.boot(config, image, p -> {}, QemuGuest.Mode.PROBE)) {
      r = guest.await(timeout, MARKER);
      at = guest.console().seconds(MARKER);
      stderr = guest.stderrTail(2);
    }
    if (at >= 0) {
      return new ProbeResult(true, String.format("ok: booted in %.1f s", at), since(start));
    }
    String detail;
    if (r.timedOut()) {
      detail =
          "guest did not reach init within " + timeout.toSeconds() + " s under -accel kvm (killed)";
    } else if (r.failure() != null && r.failure().startsWith("no VIRTPATH-GUEST-DONE marker")) {
      // e.g. "failed to set MSR 0x10a": the host's KVM cannot run -cpu host
      detail = "qemu exited under -accel kvm before the guest's init ran: " + stderr;
    } else {
      detail = "guest failed under -accel kvm: " + r.failure();
    }
    return new ProbeResult(false, detail, since(start));
  }

  private static double since(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
