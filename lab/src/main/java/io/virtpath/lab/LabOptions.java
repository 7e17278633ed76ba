package io.virtpath.lab;

import io.virtpath.lab.spec.LabSpec;
import io.virtpath.runner.Profile;
import io.virtpath.runner.Suite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code virtpath lab} was asked to do.
 *
 * @param specSource "built-in" or the spec file's path, for the manifest
 * @param accel {@code auto}, {@code kvm} or {@code tcg}
 * @param java the JDK binary every target runs (the host's, shared read-only with the targets)
 * @param jar this virtpath.jar, likewise
 * @param cacheDir where the guest kernel and initramfs are kept between labs
 * @param targetTimeout per target; null means the profile's default
 */
public record LabOptions(
    Profile profile,
    List<Suite> suites,
    Path results,
    LabSpec spec,
    String specSource,
    String accel,
    int rounds,
    long seed,
    List<String> jmhArgs,
    Path java,
    Path jar,
    Path cacheDir,
    Duration targetTimeout) {

  public LabOptions {
    suites = List.copyOf(suites);
    jmhArgs = List.copyOf(jmhArgs);
  }
}
