package io.virtpath.runner;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code virtpath run} was asked to do, parsed and checked for syntax (the runner checks
 * the machine: paths, peer, free space).
 *
 * @param scratch directory for the disk suite; null means a temp dir on the results' filesystem
 * @param peer HOST:PORT of an external peer; null means an in-process peer on loopback
 * @param jmhArgs JMH command-line options passed through verbatim; they override the profile
 * @param machinePolicy what to do when another benchmark holds the machine
 * @param set which benchmarks of the suites run
 * @param sharedJvm run every benchmark in this JVM (JMH's {@code -f 0}) instead of a fresh JVM per
 *     benchmark: the lab's choice, whose replicates are its rounds (docs/methodology.md)
 * @param counters every benchmark gets the kernel counters profiler (the default; {@code --no-counters})
 */
public record RunOptions(
    Profile profile,
    List<Suite> suites,
    String label,
    Path results,
    Path scratch,
    String peer,
    boolean allowBuffered,
    List<String> jmhArgs,
    io.virtpath.core.MachineLock.Policy machinePolicy,
    BenchmarkSet set,
    boolean sharedJvm,
    boolean counters) {

  public RunOptions {
    suites = List.copyOf(suites);
    jmhArgs = List.copyOf(jmhArgs);
  }

  public boolean runs(Suite suite) {
    return suites.contains(suite);
  }
}
