package io.virtpath.runner;

import io.virtpath.core.UsageException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Named option sets. A profile fixes how much JMH repeats (forks, iterations, their length) and how
 * big the disk suite's test file is; the benchmarks' modes and units stay with the benchmarks. Any
 * JMH option passed through on the command line overrides the profile's value. The reasoning for
 * the numbers is in docs/methodology.md ("Profiles").
 */
public enum Profile {
  /** The whole run in about a minute on a host: proves everything works, resolves nothing fine. */
  SMOKE("whole run in about a minute; for tests, not for conclusions", 1, 1, 200, 2, 200, 32L << 20),
  /**
   * A first look, differences of ~20 % and up: 2 s per benchmark. Iterations of half a second
   * suffice where rounds or forks are the replicates (the lab's 3 rounds); two warm-up iterations
   * because under TCG the first half second after a benchmark starts is still being compiled.
   * Measured in docs/methodology.md ("The lab's default and what it costs").
   */
  QUICK("about 2 s per benchmark; shows differences of roughly 20 % and more", 1, 2, 500, 2, 500, 256L << 20),
  /** Enough forks and iterations to see a 5 % difference on a quiet machine. */
  STANDARD("resolves a 5 % difference on a quiet machine", 5, 3, 1000, 5, 1000, 1L << 30),
  /** For noisy guests or 2 % differences: more forks, the unit of replication. */
  THOROUGH("for noisy guests and differences of a few percent", 10, 5, 1000, 10, 1000, 4L << 30);

  private final String purpose;
  private final int forks;
  private final int warmupIterations;
  private final int warmupMillis;
  private final int measurementIterations;
  private final int measurementMillis;
  private final long diskFileSize;

  Profile(
      String purpose,
      int forks,
      int warmupIterations,
      int warmupMillis,
      int measurementIterations,
      int measurementMillis,
      long diskFileSize) {
    this.purpose = purpose;
    this.forks = forks;
    this.warmupIterations = warmupIterations;
    this.warmupMillis = warmupMillis;
    this.measurementIterations = measurementIterations;
    this.measurementMillis = measurementMillis;
    this.diskFileSize = diskFileSize;
  }

  public static Profile parse(String name) {
    for (Profile p : values()) {
      if (p.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new UsageException(
        "unknown profile '" + name + "' (--profile): choose one of " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(Profile::id).collect(Collectors.joining(", "));
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String purpose() {
    return purpose;
  }

  public int forks() {
    return forks;
  }

  public int warmupIterations() {
    return warmupIterations;
  }

  public int warmupMillis() {
    return warmupMillis;
  }

  public int measurementIterations() {
    return measurementIterations;
  }

  public int measurementMillis() {
    return measurementMillis;
  }

  public long diskFileSize() {
    return diskFileSize;
  }
}
