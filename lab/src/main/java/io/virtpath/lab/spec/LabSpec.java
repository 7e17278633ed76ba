package io.virtpath.lab.spec;

import io.virtpath.core.UsageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the lab boots: the targets and the resources every guest and the container get (the
 * container's cgroup limits equal the guests' vCPUs and memory, so the comparison is fair).
 *
 * @param targetTimeoutMinutes per target; 0 means the profile's default
 */
public record LabSpec(int vcpus, int memoryMiB, int targetTimeoutMinutes, List<TargetSpec> targets) {
  /** The longest a target may run, from a spec or {@code --target-timeout}: past this it is a typo. */
  public static final Duration MAX_TARGET_TIMEOUT = Duration.ofDays(7);

  public LabSpec {
    targets = List.copyOf(targets);
  }

  public LabSpec withTargets(List<TargetSpec> subset) {
    return new LabSpec(vcpus, memoryMiB, targetTimeoutMinutes, subset);
  }

  /**
   * The targets named in {@code csv} (comma-separated, in the given order, duplicates dropped).
   *
   * @param option the option the names came from, for the error message
   */
  public LabSpec select(String csv, String option) {
    List<TargetSpec> picked = new ArrayList<>();
    String known = String.join(", ", targets.stream().map(TargetSpec::name).toList());
    for (String raw : csv.split(",")) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      TargetSpec t = targets.stream().filter(s -> s.name().equals(name)).findFirst()
          .orElseThrow(() -> new UsageException("unknown target '" + name + "' (" + option + "): the spec has " + known));
      if (!picked.contains(t)) {
        picked.add(t);
      }
    }
    if (picked.isEmpty()) {
      throw new UsageException(option + " is empty: name at least one of " + known);
    }
    return withTargets(picked);
  }

  public boolean hasGuests() {
    return targets.stream().anyMatch(TargetSpec::isGuest);
  }

  public boolean hasContainer() {
    return targets.stream().anyMatch(t -> t.kind() == TargetSpec.Kind.CONTAINER);
  }
}
