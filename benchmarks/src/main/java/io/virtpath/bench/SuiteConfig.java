package io.virtpath.bench;

import java.nio.file.Path;

/**
 * How the runner tells the forked benchmark JVMs what to measure against. These are JVM system
 * properties (set with JMH's jvmArgsAppend), not {@code @Param}s, because a {@code @Param} is part
 * of a benchmark's identity: the scratch path or the peer's address must not make two runs
 * incomparable.
 */
public final class SuiteConfig {
  /**
   * The run's private scratch directory: the disk suite's test file(s) and the syscall suite's
   * stat/openClose file. A run killed with SIGKILL leaves them there, and the next run removes the
   * whole directory (its owner file names a process that is gone), so nothing lingers elsewhere.
   */
  public static final String SCRATCH = "virtpath.scratch";
  /** Size in bytes of the disk suite's preallocated test file. */
  public static final String DISK_FILE_SIZE = "virtpath.disk.fileSize";
  /** "true" when the user allowed buffered I/O on a filesystem that refuses O_DIRECT. */
  public static final String ALLOW_BUFFERED = "virtpath.disk.allowBuffered";
  /** The network suite's peer, HOST:PORT. */
  public static final String PEER = "virtpath.peer";

  private SuiteConfig() {}

  public static Path scratch() {
    return Path.of(required(SCRATCH));
  }

  /** The scratch directory, or null when the suites run outside {@code virtpath run} (JMH by hand). */
  public static Path scratchOrNull() {
    String v = System.getProperty(SCRATCH);
    return v == null || v.isBlank() ? null : Path.of(v);
  }

  public static long diskFileSize() {
    return Long.parseLong(required(DISK_FILE_SIZE));
  }

  public static boolean allowBuffered() {
    return Boolean.parseBoolean(System.getProperty(ALLOW_BUFFERED, "false"));
  }

  public static String peer() {
    return required(PEER);
  }

  private static String required(String key) {
    String v = System.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(
          "system property " + key + " is not set; run the suites through 'virtpath run'");
    }
    return v;
  }
}
