package io.virtpath.lab.spec;

import java.util.List;

/**
 * What the lab boots: the targets and the resources every guest and the container get (the
 * container's cgroup limits equal the guests' vCPUs and memory, so the comparison is fair).
 *
 * @param targetTimeoutMinutes per target; 0 means the profile's default
 */
public record LabSpec(int vcpus, int memoryMiB, int targetTimeoutMinutes, List<TargetSpec> targets) {
  public LabSpec {
    targets = List.copyOf(targets);
  }

  public LabSpec withTargets(List<TargetSpec> subset) {
    return new LabSpec(vcpus, memoryMiB, targetTimeoutMinutes, subset);
  }

  public boolean hasGuests() {
    return targets.stream().anyMatch(TargetSpec::isGuest);
  }

  public boolean hasContainer() {
    return targets.stream().anyMatch(t -> t.kind() == TargetSpec.Kind.CONTAINER);
  }
}
