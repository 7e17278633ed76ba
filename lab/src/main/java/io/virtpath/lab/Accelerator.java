package io.virtpath.lab;

import io.virtpath.core.FileTrees;
import io.virtpath.core.UsageException;
import io.virtpath.lab.guest.GuestImage;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which accelerator the guests get. KVM is never assumed: {@code auto} boots a tiny guest under
 * KVM with a short timeout (a /dev/kvm that opens can still hang at kernel entry, as nested KVM
 * does on some clouds) and falls back to TCG, software emulation, whose numbers are not KVM's.
 *
 * @param used {@code kvm} or {@code tcg}
 * @param probe what the KVM probe saw; null when no probe ran ({@code --accel tcg})
 * @param probeLogs the probe guest's logs (console, qemu.*); null when no probe ran
 */
public record Accelerator(String requested, String used, String probe, Double probeSeconds, String probeLogs) {
  /** What {@code --accel} takes. */
  public static final List<String> MODES = List.of("auto", "kvm", "tcg");
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(25);
  /** Probe logs of finished labs kept in the cache, for a reader asking why a lab fell back to TCG. */
  static final int KEEP_PROBE_LOGS = 5;

  private static final Path KVM = Path.of("/dev/kvm");
  private static final Pattern PROBE_DIR = Pattern.compile("\\d{8}-\\d{6}-pid(\\d+)");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /**
   * Refuses, before anything is set up, what {@link #resolve} would only refuse after the results
   * directory and the guest image exist: an unknown mode, and {@code kvm} without a /dev/kvm.
   */
  public static void check(String requested, LabSpec spec) {
    if (!MODES.contains(requested)) {
      throw new UsageException("unknown --accel '" + requested + "': choose " + String.join(", ", MODES));
    }
    if (requested.equals("kvm") && spec.hasGuests() && !Files.exists(KVM)) {
      throw new UsageException("--accel kvm: " + KVM + " does not exist on this machine (no KVM); use --accel auto "
          + "to fall back to TCG, or --accel tcg");
    }
  }

  /**
   * Probes KVM unless {@code tcg} was asked for. The probe's logs go to a directory of their own
   * under {@code <cacheDir>/probe-logs}: the cache is shared by every lab on the machine, a log
   * directory must not be.
   */
  static Accelerator resolve(String requested, GuestImage image, Path cacheDir) throws IOException, InterruptedException {
    switch (requested) {
      case "tcg":
        return new Accelerator("tcg", "tcg", null, null, null);
      case "kvm":
      case "auto": {
        Path logDir = probeLogDir(cacheDir);
        ProbeResult p = KvmProbe.probe(image, PROBE_TIMEOUT, logDir);
        // The probe creates the directory when it boots; without a usable /dev/kvm it boots nothing.
        String logs = Files.isDirectory(logDir) ? logDir.toString() : null;
        if (p.usable()) {
          return new Accelerator(requested, "kvm", p.detail(), p.seconds(), logs);
        }
        if (requested.equals("kvm")) {
          throw new UsageException("--accel kvm: KVM is not usable on this machine: " + p.detail()
              + (logs == null ? "" : " (probe logs in " + logs + ")") + "; use --accel auto to fall back to TCG");
        }
        return new Accelerator(requested, "tcg", p.detail(), p.seconds(), logs);
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

  /** The banner every lab prints: a reader must not take TCG numbers for KVM numbers. */
  String banner() {
    if (isTcg()) {
      return "accelerator: TCG (software emulation) -- guest numbers are NOT KVM numbers"
          + (probe == null ? " (--accel tcg)" : "; KVM probe: " + probe);
    }
    return "accelerator: KVM (" + probe + ")";
  }
}
