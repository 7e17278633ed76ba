package io.virtpath.lab;

import io.virtpath.lab.spec.TargetSpec;
import java.time.Duration;

/**
 * How long a target may take before it is killed (its partial record is kept). Generous on purpose:
 * the timeout catches a hung guest, it must not cut a slow but healthy one. Guests get room for TCG,
 * which runs the same suites several times slower than the host.
 */
final class Timeouts {
  private Timeouts() {}

  static Duration forTarget(LabOptions o, TargetSpec t, String profile) {
    if (o.targetTimeout() != null) {
      return o.targetTimeout();
    }
    if (o.spec().targetTimeoutMinutes() > 0) {
      return Duration.ofMinutes(o.spec().targetTimeoutMinutes());
    }
    int[] minutes = switch (profile) {
      case "smoke" -> new int[] {10, 40};
      case "quick" -> new int[] {30, 120};
      case "standard" -> new int[] {180, 600};
      default -> new int[] {600, 1800};
    };
    return Duration.ofMinutes(t.isGuest() ? minutes[1] : minutes[0]);
  }
}
