package io.virtpath.lab;

import io.virtpath.core.UsageException;
import io.virtpath.lab.guest.GuestImage;
import io.virtpath.lab.guest.KvmProbe;
import io.virtpath.lab.guest.ProbeResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Which accelerator the guests get. KVM is never assumed: {@code auto} boots a tiny guest under
 * KVM with a short timeout (a /dev/kvm that opens can still hang at kernel entry, as nested KVM
 * does on some clouds) and falls back to TCG, software emulation, whose numbers are not KVM's.
 *
 * @param used {@code kvm} or {@code tcg}
 * @param probe what the KVM probe saw; null when no probe ran ({@code --accel tcg})
 */
public record Accelerator(String requested, String used, String probe, Double probeSeconds) {
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(25);

  static Accelerator resolve(String requested, GuestImage image, Path logDir) throws IOException, InterruptedException {
    switch (requested) {
      case "tcg":
        return new Accelerator("tcg", "tcg", null, null);
      case "kvm":
      case "auto": {
        ProbeResult p = KvmProbe.probe(image, PROBE_TIMEOUT, logDir);
        if (p.usable()) {
          return new Accelerator(requested, "kvm", p.detail(), p.seconds());
        }
        if (requested.equals("kvm")) {
          throw new UsageException("--accel kvm: KVM is not usable on this machine: " + p.detail()
              + " (probe logs in " + logDir + "); use --accel auto to fall back to TCG");
        }
        return new Accelerator(requested, "tcg", p.detail(), p.seconds());
      }
      default:
        throw new UsageException("unknown --accel '" + requested + "': choose auto, kvm or tcg");
    }
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
