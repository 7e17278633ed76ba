package io.virtpath.lab;

import io.virtpath.core.MachineLock;
import io.virtpath.core.UsageException;
import io.virtpath.lab.spec.LabSpec;
import io.virtpath.runner.BenchmarkSet;
import io.virtpath.runner.JmhOptions;
import io.virtpath.runner.Profile;
import io.virtpath.runner.Suite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * @param machine what to do when another benchmark holds the machine (MachineLock)
 * @param set which benchmarks of the suites each target runs
 * @param sharedJvm each target runs all its benchmarks in one JVM (the default); false starts a
 *     JVM per benchmark, as {@code virtpath run} does
 * @param budget null, or the wall time within which the lab starts rounds: with a budget, {@code
 *     rounds} is the most it runs, and it starts a round only if the rounds so far say it fits
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
    String kind,
    MachineLock.Policy machine,
    BenchmarkSet set,
    boolean sharedJvm,
    Duration budget) {

  /** More rounds than this is a typo, not a plan: each round runs every target. */
  public static final int MAX_ROUNDS = 100;

  /**
   * Refuses bad input here, before {@link LabRunner#run} installs a package or creates a directory:
   * whatever the lab would only refuse later (or pass to every target, to fail in each) fails now.
   */
  public LabOptions {
    suites = List.copyOf(suites);
    jmhArgs = List.copyOf(jmhArgs);
    services = List.copyOf(services);
    if (rounds < 1 || rounds > MAX_ROUNDS) {
      throw new UsageException("--rounds " + rounds + " is out of range: use 1 to " + MAX_ROUNDS);
    }
    if (!Accelerator.MODES.contains(accel)) {
      throw new UsageException("unknown --accel '" + accel + "': choose " + String.join(", ", Accelerator.MODES));
    }
    requireDirectoryPath(results, "--results");
    requireDirectoryPath(cacheDir, "--cache");
    if (budget != null && (budget.isNegative() || budget.isZero())) {
      throw new UsageException("--budget " + budget + " leaves no time: give a positive duration, e.g. 15m");
    }
    if (inner == null) {
      // Every target's run parses these the same way; a bad one would fail each target in turn.
      new JmhOptions(profile, jmhArgs, List.of(), sharedJvm);
    }
  }

  /**
   * Refuses a directory option the lab could only fail on later: empty ({@code ''} would mean the
   * current directory), padded with whitespace (a quoting slip), holding a control character,
   * naming a file or a path under a file, or under a directory it cannot write to. A directory that
   * does not exist yet is fine.
   */
  public static void requireDirectoryPath(Path dir, String option) {
    String s = dir.toString();
    if (s.isBlank()) {
      throw new UsageException(option + " '" + s + "' is empty: pass a directory (" + option + " . for the current one)");
    }
    if (!s.equals(s.strip())) {
      throw new UsageException(option + " '" + s + "' starts or ends with whitespace (a quoting slip?): pass the directory without it");
    }
    if (s.chars().anyMatch(Character::isISOControl)) {
      throw new UsageException(option + " '" + s.replaceAll("\\p{Cntrl}", "?") + "' contains a control character (newline, tab ...): pass another directory");
    }
    Path abs = dir.toAbsolutePath().normalize();
    for (Path p = abs; p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new UsageException(option + " " + dir + (p.equals(abs) ? "" : ": " + p) + " is a file, not a directory: pass a directory");
        }
        // access(2): false on a read-only mount even for root; the real proof is ResultsDir's write probe.
        if (!Files.isWritable(p)) {
          throw new UsageException(option + " " + dir + ": " + p + " is not writable: fix its permissions or pass another directory");
        }
        return;
      }
    }
  }

  /**
   * The same lab with {@code option} added to every target's inner command (before its JMH
   * options), e.g. {@code --concurrent} when the lab itself runs concurrently.
   */
  public LabOptions withInnerOption(String option) {
    return new LabOptions(profile, suites, results, spec, specSource, accel, rounds, seed, jmhArgs, java, jar,
        cacheDir, targetTimeout, innerRun().withOption(option), services, kind, machine, set, sharedJvm, budget);
  }

  /** What every target runs: the given inner command, or {@code run} with the lab's suites. */
  public InnerRun innerRun() {
    if (inner != null) {
      return inner;
    }
    List<String> options = new ArrayList<>(List.of("--benchmarks", set.id()));
    if (sharedJvm) {
      options.add("--shared-jvm");
    }
    return InnerRun.suites(java, jar, profile.id(), suites.stream().map(Suite::id).toList(),
        LabService.PEER_IP + ":" + LabRunner.PEER_PORT, options, jmhArgs);
  }

  /** The lab as {@code virtpath lab} runs it: the suites in every target. */
  public static LabOptions suites(Profile profile, List<Suite> suites, Path results, LabSpec spec, String specSource,
      String accel, int rounds, long seed, List<String> jmhArgs, Path java, Path jar, Path cacheDir,
      Duration targetTimeout, MachineLock.Policy machine, BenchmarkSet set, boolean sharedJvm, Duration budget) {
    return new LabOptions(profile, suites, results, spec, specSource, accel, rounds, seed, jmhArgs, java, jar,
        cacheDir, targetTimeout, null, List.of(), "lab", machine, set, sharedJvm, budget);
  }
}
