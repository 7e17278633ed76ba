package io.virtpath.lab.target;

import io.virtpath.lab.guest.HostCountersJson;
import java.util.List;
import java.util.Map;

/**
 * How one target's run went, from the outside (the inner run's own record says the rest).
 *
 * @param exitCode the inner command's exit code, or null when it never reported one
 * @param failure null, or why the target did not finish (timeout, boot failure ...)
 * @param bootSeconds guests only: QEMU start to the inner command's start
 * @param details device models, drivers expected, runtime ... for the lab manifest
 * @param hostCounters QEMU guests only (else null): host-counters.json, which the lab writes into
 *     the record after collecting it, so the guest cannot write it itself
 */
public record TargetRun(
    Integer exitCode,
    boolean timedOut,
    String failure,
    double seconds,
    Double bootSeconds,
    List<String> commandLine,
    Map<String, Object> details,
    HostCountersJson hostCounters) {
  /** A run without host counters (every target but a QEMU guest). */
  public TargetRun(Integer exitCode, boolean timedOut, String failure, double seconds, Double bootSeconds,
      List<String> commandLine, Map<String, Object> details) {
    this(exitCode, timedOut, failure, seconds, bootSeconds, commandLine, details, null);
  }
}
