package io.virtpath.remote;

import io.virtpath.core.UsageException;
import io.virtpath.lab.LabOptions;
import io.virtpath.remote.spec.RemoteSpec;
import io.virtpath.runner.BenchmarkSet;
import io.virtpath.runner.JmhOptions;
import io.virtpath.runner.Profile;
import io.virtpath.runner.Suite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code virtpath remote} was asked to do. Every target runs the same {@code virtpath
 * run}: profile, suites, benchmark set and JMH options are one for all.
 *
 * @param java and {@code jar}: what runs the peer on the controller
 * @param targetTimeout one target run, deploy and collect included
 */
public record RemoteOptions(
    Profile profile,
    List<Suite> suites,
    Path results,
    RemoteSpec spec,
    int rounds,
    long seed,
    List<String> jmhArgs,
    BenchmarkSet set,
    boolean sharedJvm,
    boolean parallelHosts,
    boolean acceptNewHostKeys,
    Duration targetTimeout,
    Path java,
    Path jar) {

  /**
   * The most target runs (targets × rounds) one command starts: {@link RemoteSpec#MAX_TARGETS}
   * targets at 10 rounds, or 6 targets at the lab's {@link LabOptions#MAX_ROUNDS}. Each run is at
   * least a minute even at the smoke profile, so this is already more than ten hours; 64 targets at
   * 100 rounds (6,400 runs, days) is a typo, not a plan.
   */
  public static final int MAX_TARGET_RUNS = 640;

  public RemoteOptions {
    suites = List.copyOf(suites);
    jmhArgs = List.copyOf(jmhArgs);
    if (rounds < 1 || rounds > LabOptions.MAX_ROUNDS) {
      throw new UsageException("--rounds " + rounds + " is out of range: use 1 to " + LabOptions.MAX_ROUNDS);
    }
    long runs = (long) rounds * spec.targets().size();
    if (runs > MAX_TARGET_RUNS) {
      throw new UsageException("--rounds " + rounds + " with " + spec.targets().size() + " targets is " + runs
          + " target runs, more than the " + MAX_TARGET_RUNS + " one virtpath remote starts: lower --rounds to "
          + Math.max(1, MAX_TARGET_RUNS / spec.targets().size()) + " or fewer, or split the targets over several runs");
    }
    LabOptions.requireDirectoryPath(results, "--results");
    if (targetTimeout.isNegative() || targetTimeout.isZero()) {
      throw new UsageException("--target-timeout " + targetTimeout + " leaves no time: give a positive duration");
    }
    // every target's run parses these the same way; a bad one would fail in each target in turn
    new JmhOptions(profile, jmhArgs, List.of(), sharedJvm);
  }

  public boolean networkSuite() {
    return suites.contains(Suite.NETWORK);
  }

  /** What follows {@code run --label L --results R --scratch S} in every target. */
  public List<String> runArgs(String peer) {
    List<String> a = new ArrayList<>(List.of("--profile", profile.id(),
        "--suites", String.join(",", suites.stream().map(Suite::id).toList()), "--benchmarks", set.id()));
    if (sharedJvm) {
      a.add("--shared-jvm");
    }
    if (peer != null && networkSuite()) {
      a.addAll(List.of("--peer", peer));
    }
    if (!jmhArgs.isEmpty()) {
      a.add("--");
      a.addAll(jmhArgs);
    }
    return a;
  }
}
