package io.virtpath.core;

import java.util.List;

/** The flags every JVM virtpath starts needs: the lab's targets and peer, JMH's forks. One list. */
public final class JvmFlags {
  /**
   * The suites call the kernel through FFM downcalls (restricted methods), and JMH 1.37 reads
   * fields through sun.misc.Unsafe, which JDK 24+ warns about on every fork's stderr.
   */
  public static final List<String> REQUIRED =
      List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

  private JvmFlags() {}
}
