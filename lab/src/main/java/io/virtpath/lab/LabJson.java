package io.virtpath.lab;

import io.virtpath.lab.spec.LabSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * lab.json: how the lab was built — the spec, the accelerator and its probe, host and guest
 * kernels, QEMU's version, the order of every round and, per target run, how it ended and the
 * exact command line and devices. Immutable: {@link LabRecord} swaps in a new value under its lock,
 * so the shutdown hook can never serialize it half-changed. Documented in docs/results-format.md.
 *
 * @param labId names the lab's network namespaces, containers and runtime directory
 * @param supervised whether the lab ran in PID and mount namespaces of its own (LabSupervisor)
 * @param targets by record label ({@code virtio}, {@code virtio.r2} ...), in the order they ran
 */
public record LabJson(
    int formatVersion,
    String labId,
    boolean supervised,
    LabSpec spec,
    String specSource,
    Accelerator accelerator,
    String hostKernel,
    String qemuVersion,
    GuestKernel guestKernel,
    List<Round> rounds,
    Map<String, TargetRunDetails> targets) {
  public static final int FORMAT_VERSION = 2;

  public LabJson {
    rounds = List.copyOf(rounds);
    targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
  }

  /** The guest kernel: its version and where it came from (the host's /boot, or a Debian package). */
  public record GuestKernel(String version, String source) {}

  /** One round: the shuffled target order it ran in. */
  public record Round(int round, List<String> order) {
    public Round {
      order = List.copyOf(order);
    }
  }

  /**
   * How one target run ended and how it was built.
   *
   * @param exitCode of the target's inner command; null when it was killed (timeout)
   * @param bootSeconds guests only: from QEMU's start to the job's start
   * @param commandLine the exact command that started the target, shell-quoted
   * @param devices the target's own details (device models and drivers, runtime, addresses ...)
   */
  public record TargetRunDetails(
      String target,
      int round,
      String kind,
      Integer exitCode,
      boolean timedOut,
      String failure,
      double wallSeconds,
      Double bootSeconds,
      long timeoutSeconds,
      String commandLine,
      Map<String, Object> devices) {
    public TargetRunDetails {
      devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
    }
  }

  LabJson withLabId(String id) {
    return new LabJson(formatVersion, id, supervised, spec, specSource, accelerator, hostKernel, qemuVersion,
        guestKernel, rounds, targets);
  }

  LabJson withRound(Round r) {
    List<Round> all = new ArrayList<>(rounds);
    all.add(r);
    return new LabJson(formatVersion, labId, supervised, spec, specSource, accelerator, hostKernel, qemuVersion,
        guestKernel, all, targets);
  }

  LabJson withTarget(String label, TargetRunDetails d) {
    Map<String, TargetRunDetails> all = new LinkedHashMap<>(targets);
    all.put(label, d);
    return new LabJson(formatVersion, labId, supervised, spec, specSource, accelerator, hostKernel, qemuVersion,
        guestKernel, rounds, all);
  }
}
