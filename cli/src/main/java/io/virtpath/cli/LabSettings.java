package io.virtpath.cli;

import io.virtpath.core.UsageException;
import io.virtpath.lab.Accelerator;
import io.virtpath.lab.LabOptions;
import io.virtpath.lab.spec.LabSpec;
import io.virtpath.lab.spec.SpecParser;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How the lab builds its targets: the options {@code lab} and {@code validate} share. */
final class LabSettings {
  @Option(names = "--spec", paramLabel = "FILE",
      description = "lab spec (YAML or JSON): targets, disk/NIC models, cache/aio, vCPUs, memory. Default: the built-in four targets")
  Path spec;

  @Option(names = "--accel", paramLabel = "MODE", defaultValue = "auto",
      description = "auto (KVM where the host's facts and a probe boot allow it, else TCG), kvm (fail if unusable) or tcg. "
          + "Default: ${DEFAULT-VALUE}")
  String accel;

  @Option(names = "--target-timeout", paramLabel = "MINUTES",
      description = "kill a target after this long (its partial record is kept). Default: by profile and target kind")
  Integer targetTimeoutMinutes;

  @Option(names = "--cache", paramLabel = "DIR", defaultValue = "/var/cache/virtpath",
      description = "guest kernel and initramfs cache. Default: ${DEFAULT-VALUE}")
  Path cache;

  /**
   * Checks the options and reads the spec, before anything is installed or created;
   * {@code targets} (may be null: all) selects from it.
   */
  LabSpec spec(String targets, String option) {
    targetTimeout();
    LabOptions.requireDirectoryPath(cache, "--cache");
    LabSpec s = spec == null ? SpecParser.builtIn() : SpecParser.read(spec);
    LabSpec picked = targets == null ? s : s.select(targets, option);
    Accelerator.check(accel, picked);
    return picked;
  }

  String specSource() {
    return spec == null ? "built-in" : spec.toAbsolutePath().toString();
  }

  /** The {@code --target-timeout}, null when not given. */
  Duration targetTimeout() {
    if (targetTimeoutMinutes == null) {
      return null;
    }
    long max = LabSpec.MAX_TARGET_TIMEOUT.toMinutes();
    if (targetTimeoutMinutes < 1 || targetTimeoutMinutes > max) {
      throw new UsageException("--target-timeout " + targetTimeoutMinutes + " is out of range: use 1 to " + max
          + " minutes (" + LabSpec.MAX_TARGET_TIMEOUT.toDays() + " days)");
    }
    return Duration.ofMinutes(targetTimeoutMinutes);
  }

  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
