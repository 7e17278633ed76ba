package io.virtpath.lab;

import io.virtpath.core.FileTrees;
import io.virtpath.core.UsageException;
import io.virtpath.lab.guest.GuestImage;
import io.virtpath.lab.guest.KvmHost;
import io.virtpath.lab.guest.KvmProbe;
import io.virtpath.lab.guest.ProbeResult;
import io.virtpath.lab.spec.LabSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which accelerator the guests get. KVM is never assumed: {@code auto} decides from the host's facts
 * where they exclude KVM (no vmx/svm, PVM, no usable /dev/kvm: {@link KvmHost}) and otherwise boots a
 * tiny guest under KVM with a short timeout (a /dev/kvm that opens can still hang at kernel entry,
 * as nested KVM does on some clouds); else TCG, software emulation, whose numbers are not KVM's.
 *
 * @param used {@code kvm} or {@code tcg}
 * @param cpuModel QEMU's {@code -cpu} for the guests under KVM ({@code host}, or
 *     {@code host,-arch-capabilities} where only that booted); null under TCG
 * @param probe what the KVM probe found: the reason in words; null when no probe ran ({@code --accel
 *     tcg})
 * @param probeBooted whether the probe booted a guest; false when the host's facts decided; null
 *     when no probe ran
 * @param probeLogs the probe guest's logs (probe.txt, one directory per CPU model tried); null when
 *     nothing booted
 */
public record Accelerator(
    String requested, String used, String cpuModel, String probe, Boolean probeBooted, Double probeSeconds,
    String probeLogs) {
  /** What {@code --accel} takes. */
  public static final List<String> MODES = List.of("auto", "kvm", "tcg");
  /** Per CPU model tried: a stock kernel reaches init in a few seconds under KVM. */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(25);
  /** Probe logs of finished labs kept in the cache, for a reader asking why a lab fell back to TCG. */
  static final int KEEP_PROBE_LOGS = 5;

  private static final Path ROOT = Path.of("/");
  private static final Pattern PROBE_DIR = Pattern.compile("\\d{8}-\\d{6}-pid(\\d+)");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /**
   * Refuses, before anything is set up, what {@link #resolve} would only refuse after the results
   * directory and the guest image exist: an unknown mode, and {@code kvm} where the host's facts
   * already exclude KVM.
   */
  public static void check(String requested, LabSpec spec) {
    check(requested, spec, KvmHost.read(ROOT));
  }

  static void check(String requested, LabSpec spec, KvmHost host) {
    if (!MODES.contains(requested)) {
      throw new UsageException("unknown --accel '" + requested + "': choose " + String.join(", ", MODES));
    }
    if (requested.equals("kvm") && spec.hasGuests()) {
      host.whyNotKvm().ifPresent(why -> {
        throw new UsageException("--accel kvm: KVM cannot run the guests on this machine: " + why
            + "; use --accel auto to fall back to TCG, or --accel tcg");
      });
    }
  }

  /**
   * Probes KVM unless {@code tcg} was asked for. A probe that boots writes its logs to a directory of
   * its own under {@code <cacheDir>/probe-logs}: the cache is shared by every lab on the machine, a
   * log directory must not be.
   *
   * @param booting hears one line when the probe boots a guest (seconds, not milliseconds)
   */
  static Accelerator resolve(String requested, GuestImage image, Path cacheDir, Consumer<String> booting)
      throws IOException, InterruptedException {
    return resolve(requested, ROOT, image, cacheDir, booting);
  }

  static Accelerator resolve(String requested, Path root, GuestImage image, Path cacheDir, Consumer<String> booting)
      throws IOException, InterruptedException {
    switch (requested) {
      case "tcg":
        return new Accelerator("tcg", "tcg", null, null, null, null, null);
      case "kvm":
      case "auto": {
        Path logDir = probeLogDir(cacheDir);
        ProbeResult p = KvmProbe.probe(root, () -> image, PROBE_TIMEOUT, logDir, booting);
        String logs = p.booted() ? logDir.toString() : null;
        if (p.usable()) {
          return new Accelerator(requested, "kvm", p.cpuModel(), p.detail(), true, p.seconds(), logs);
        }
        if (requested.equals("kvm")) {
          throw new UsageException("--accel kvm: KVM cannot run the guests on this machine: " + p.detail()
              + (logs == null ? "" : " (probe logs in " + logs + ")") + "; use --accel auto to fall back to TCG");
        }
        return new Accelerator(requested, "tcg", null, p.detail(), p.booted(), p.seconds(), logs);
      }
      default:
        throw new UsageException("unknown --accel '" + requested + "': choose " + String.join(", ", MODES));
    }
  }

  /**
   * This lab's probe log directory, {@code <base>/<UTC time>-pid<pid>} (the probe creates it), and
   * prunes the others: the directories of processes that still run are kept (a concurrent lab is
   * probing there), of the rest the newest {@link #KEEP_PROBE_LOGS}.
   */
  public static Path probeLogDir(Path cacheDir) throws IOException {
    return probeLogDir(cacheDir.resolve("probe-logs"), Instant.now(), io.virtpath.lab.supervise.Supervision.hostPid());
  }

  static Path probeLogDir(Path base, Instant now, long pid) throws IOException {
    Files.createDirectories(base);
    List<Path> finished = new ArrayList<>();
    try (Stream<Path> s = Files.list(base)) {
      for (Path p : s.sorted().toList()) {
        Matcher m = PROBE_DIR.matcher(p.getFileName().toString());
        if (m.matches() && Files.isDirectory(p) && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
          finished.add(p); // oldest first: the names start with the time
        }
      }
    }
    for (Path old : finished.subList(0, Math.max(0, finished.size() - KEEP_PROBE_LOGS))) {
      try {
        FileTrees.delete(old);
      } catch (IOException e) {
        // best effort: another lab may be pruning the same directory right now
      }
    }
    return base.resolve(STAMP.format(now) + "-pid" + pid);
  }

  boolean isTcg() {
    return used.equals("tcg");
  }

  /** The banner every lab prints once: a reader must not take TCG numbers for KVM numbers. */
  String banner() {
    if (isTcg()) {
      return "accelerator: TCG (software emulation) -- guest numbers are NOT KVM numbers"
          + (probe == null ? " (--accel tcg)" : "; no KVM: " + probe + " (" + how() + ")");
    }
    return "accelerator: KVM (" + probe + "; " + how() + ")";
  }

  private String how() {
    return ProbeResult.how(probeBooted, probeSeconds, probeLogs);
  }
}
