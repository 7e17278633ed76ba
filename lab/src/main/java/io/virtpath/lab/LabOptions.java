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
 * @param inner what each target runs: null means {@code run} with the lab's suites
 * @param services servers started beside the peer for the inner command (none for {@code run})
 * @param kind the manifest's kind: {@code lab}, or {@code validate} when the lab validates
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
    Duration targetTimeout,
    InnerRun inner,
    List<LabService> services,
    String kind) {

  public LabOptions {
    suites = List.copyOf(suites);
    jmhArgs = List.copyOf(jmhArgs);
    services = List.copyOf(services);
  }

  /** The lab as {@code virtpath lab} runs it: the suites in every target. */
  public static LabOptions suites(Profile profile, List<Suite> suites, Path results, LabSpec spec, String specSource,
      String accel, int rounds, long seed, List<String> jmhArgs, Path java, Path jar, Path cacheDir,
      Duration targetTimeout) {
    return new LabOptions(profile, suites, results, spec, specSource, accel, rounds, seed, jmhArgs, java, jar,
        cacheDir, targetTimeout, null, List.of(), "lab");
  }
}
