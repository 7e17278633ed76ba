package io.virtpath.lab.guest;

import java.util.Locale;

/**
 * What the KVM probe found.
 *
 * @param detail "ok: booted in 1.2 s with -cpu host", "/dev/kvm does not exist", "-accel kvm did
 *     not boot the probe guest: -cpu host: guest did not reach init within 25 s (killed)" ...
 * @param seconds how long the decision took, reading the host's facts included
 * @param cpuModel the {@code -cpu} value the probe guest booted with; null unless usable
 * @param booted whether a probe guest was started; false when the host's facts decided
 */
public record ProbeResult(boolean usable, String detail, double seconds, String cpuModel, boolean booted) {
  /** How this answer came; {@code logs} where the boot's logs are (null when nothing booted). */
  public String how(String logs) {
    return how(booted, seconds, logs);
  }

  /** How an answer came, as the lab and doctor print it after the reason. */
  public static String how(boolean booted, double seconds, String logs) {
    return booted
        ? String.format(Locale.ROOT, "probe took %.1f s, logs in %s", seconds, logs)
        : String.format(Locale.ROOT, "decided in %.1f ms from the host's facts, nothing booted", seconds * 1e3);
  }
}
