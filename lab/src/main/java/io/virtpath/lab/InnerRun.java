package io.virtpath.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one command every target runs inside itself: the very same jar's {@code run}, with the same
 * profile, suites and JMH options; only where results, scratch and the peer are differs, because
 * each target sees them at its own paths.
 */
public record InnerRun(Path java, Path jar, String profile, List<String> suites, String peer, List<String> jmhArgs) {
  public InnerRun {
    suites = List.copyOf(suites);
    jmhArgs = List.copyOf(jmhArgs);
  }

  public List<String> command(String label, String resultsDir, String scratchDir) {
    List<String> cmd = new ArrayList<>(List.of(
        java.toString(), "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        // containers and guests have no locale: keep the console's µ and ± intact
        "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
        "-jar", jar.toString(), "run",
        "--profile", profile,
        "--suites", String.join(",", suites),
        "--label", label,
        "--results", resultsDir,
        "--scratch", scratchDir,
        "--peer", peer));
    if (!jmhArgs.isEmpty()) {
      cmd.add("--");
      cmd.addAll(jmhArgs);
    }
    return cmd;
  }
}
