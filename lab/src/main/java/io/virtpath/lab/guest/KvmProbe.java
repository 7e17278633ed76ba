package io.virtpath.lab.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds out whether KVM runs a stock guest here, booting only where the host's facts leave it open.
 * No vmx/svm flag, a PVM kvm module (a software hypervisor that hangs or aborts stock kernels), or a
 * /dev/kvm that is missing or does not open: TCG at once, with the reason ({@link KvmHost}). With
 * hardware virtualization, an openable /dev/kvm is still not proof (nested KVM on some clouds hangs
 * at kernel entry), so a tiny guest (no disk, no NIC) is booted with {@code -accel kvm}; KVM counts
 * as usable only when its /init prints the probe marker within the timeout.
 */
public final class KvmProbe {
  static final String MARKER = "VIRTPATH-PROBE-OK";
  /**
   * The {@code -cpu} values tried, in order. {@code host} gives the guest's JVM the host's CPU
   * features, as the host target's JVM has; some hosts' KVM refuses to set the
   * IA32_ARCH_CAPABILITIES MSR that {@code host} passes through ("failed to set MSR 0x10a") and QEMU
   * aborts, while the same model without that one feature boots.
   */
  static final List<String> CPU_MODELS = List.of("host", "host,-arch-capabilities");
  /** The probe's own account beside the guests' logs: the host's facts and each attempt. */
  public static final String LOG = "probe.txt";

  private KvmProbe() {}

  /** The guest image, prepared only when a boot is needed (doctor has none at hand). */
  @FunctionalInterface
  public interface Images {
    GuestImage get() throws IOException;
  }

  /** How one boot of the probe guest ended. */
  record Attempt(String cpuModel, Outcome outcome, String detail) {}

  enum Outcome {
    BOOTED,
    /** QEMU or the guest failed before init: another CPU model may do. */
    FAILED,
    /** The guest hung: no CPU model mends that, and another try would only wait as long again. */
    TIMED_OUT
  }

  @FunctionalInterface
  interface Boot {
    Attempt boot(String cpuModel) throws IOException, InterruptedException;
  }

  /**
   * Decides from the facts under {@code root} ("/" for this machine) and, only if they leave it
   * open, boots the probe guest with each {@link #CPU_MODELS} in turn (each killed at
   * {@code timeout}). Logs of a boot go to {@code logDir}: one directory per CPU model, and
   * {@link #LOG}; nothing is written when no guest boots.
   *
   * @param booting hears one line before a guest boots (the answer then takes seconds, not ms)
   */
  public static ProbeResult probe(Path root, Images images, Duration timeout, Path logDir, Consumer<String> booting)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    KvmHost host = KvmHost.read(root);
    Optional<String> why = host.whyNotKvm();
    if (why.isPresent()) {
      return new ProbeResult(false, why.get(), since(start), null, false);
    }
    booting.accept("probing KVM by booting a tiny guest (at most " + timeout.toSeconds() + " s per CPU model) ...");
    GuestImage image = images.get();
    List<String> log = new ArrayList<>(List.of("host: " + host));
    ProbeResult r = tryModels(cpu -> bootOnce(image, cpu, timeout, logDir.resolve(logName(cpu))), log, start);
    log.add("decision: " + (r.usable() ? "kvm, -cpu " + r.cpuModel() : "tcg") + " after " + String.format("%.1f s", r.seconds()));
    Files.createDirectories(logDir);
    Files.write(logDir.resolve(LOG), log, StandardCharsets.UTF_8);
    return r;
  }

  /** Boots with each CPU model until one reaches init; a hang ends the search (see {@link Outcome}). */
  static ProbeResult tryModels(Boot boot, List<String> log, long start) throws IOException, InterruptedException {
    List<String> failed = new ArrayList<>();
    for (String cpu : CPU_MODELS) {
      Attempt a = boot.boot(cpu);
      log.add("-cpu " + cpu + ": " + a.detail());
      if (a.outcome() == Outcome.BOOTED) {
        String before = failed.isEmpty() ? "" : " (" + String.join("; ", failed) + ")";
        return new ProbeResult(true, "ok: " + a.detail() + " with -cpu " + cpu + before, since(start), cpu, true);
      }
      failed.add("-cpu " + cpu + ": " + a.detail());
      if (a.outcome() == Outcome.TIMED_OUT) {
        break;
      }
    }
    return new ProbeResult(false, "-accel kvm did not boot the probe guest: " + String.join("; ", failed), since(start),
        null, true);
  }

  private static Attempt bootOnce(GuestImage image, String cpu, Duration timeout, Path logDir)
      throws IOException, InterruptedException {
    GuestConfig config = GuestConfig.builder("vp-kvm-probe").vcpus(1).memoryMiB(256).accel("kvm").cpu(cpu)
        .timeout(timeout).logDir(logDir).build();
    GuestResult r;
    double at;
    String stderr;
    try (QemuGuest guest = QemuGuest.boot(config, image, p -> {}, QemuGuest.Mode.PROBE)) {
      r = guest.await(timeout, MARKER);
      at = guest.console().seconds(MARKER);
      stderr = guest.stderrTail(2);
    }
    if (at >= 0) {
      return new Attempt(cpu, Outcome.BOOTED, String.format("booted in %.1f s", at));
    }
    if (r.timedOut()) {
      return new Attempt(cpu, Outcome.TIMED_OUT, "guest did not reach init within " + timeout.toSeconds() + " s (killed)");
    }
    if (r.failure() != null && r.failure().startsWith("no VIRTPATH-GUEST-DONE marker")) {
      // e.g. "failed to set MSR 0x10a": this KVM cannot run the CPU model
      return new Attempt(cpu, Outcome.FAILED, "qemu exited before the guest's init ran: " + stderr);
    }
    return new Attempt(cpu, Outcome.FAILED, "guest failed: " + r.failure());
  }

  /** A directory name for a CPU model's logs: "host", "host_-arch-capabilities". */
  static String logName(String cpu) {
    return cpu.replace(',', '_');
  }

  private static double since(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
