package io.virtpath.fingerprint;

import io.virtpath.core.record.Fingerprint.Virtualization;
import java.util.ArrayList;
import java.util.List;

/**
 * Combines the two layers. A container inside a VM is reported as a container (its namespaces,
 * cgroups and seccomp are what the benchmark crosses first); the VM below it stays in the evidence,
 * because it decides what a syscall or an I/O costs underneath.
 */
final class VirtualizationDetector {
  private final HypervisorDetector hypervisors;
  private final ContainerDetector containers;

  VirtualizationDetector(RootFs fs, String accelProperty) {
    this.hypervisors = new HypervisorDetector(fs, accelProperty);
    this.containers = new ContainerDetector(fs);
  }

  Virtualization detect() {
    HypervisorDetector.Hypervisor hv = hypervisors.detect();
    ContainerDetector.Container c = containers.detect();
    List<String> evidence = new ArrayList<>();
    if (c.detail() != null) {
      evidence.addAll(c.evidence());
      evidence.add("running on " + describe(hv));
      hv.evidence().forEach(e -> evidence.add("below the container: " + e));
      return new Virtualization("container", c.detail(), List.copyOf(evidence));
    }
    evidence.addAll(hv.evidence());
    evidence.addAll(c.evidence());
    return new Virtualization(hv.kind(), hv.vendor(), List.copyOf(evidence));
  }

  static String describe(HypervisorDetector.Hypervisor hv) {
    if (hv.kind().equals(HypervisorDetector.NONE)) {
      return "bare metal (no hypervisor evidence)";
    }
    return "hypervisor: "
        + hv.kind()
        + (hv.vendor() == null ? " (vendor unknown)" : " (" + hv.vendor() + ")");
  }
}
