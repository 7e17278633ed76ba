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

  public RemoteOptions {
    suites = List.copyOf(suites);
    jmhArgs = List.copyOf(jmhArgs);
    if (rounds < 1 || rounds > LabOptions.MAX_ROUNDS) {
      throw new UsageException("--rounds " + rounds + " is out of range: use 1 to " + LabOptions.MAX_ROUNDS);
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
