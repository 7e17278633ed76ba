package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input: a clear message, exit code 2, no stack trace, nothing written. */
class BadInputIT {
  @TempDir Path results;

  private String failsWithUsage(String name, String... args) throws Exception {
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/bad-input-" + name), args)) {
      int exit = p.waitFor(Duration.ofSeconds(60));
      String err = p.stderr();
      assertEquals(2, exit, name + ": exit code; stderr: " + err);
      assertFalse(err.contains("\tat "), name + ": no stack trace: " + err);
      assertTrue(err.startsWith("virtpath: "), name + ": " + err);
      assertEquals(0, entries(results), name + ": nothing may be written to the results dir");
      return err;
    }
  }

  @Test
  void unknownSuite() throws Exception {
    String err = failsWithUsage("suite", "run", "--suites", "syscall,gpu", "--results", results.toString());
    assertTrue(err.contains("unknown suite 'gpu'") && err.contains("syscall, disk, network"), err);
  }

  @Test
  void unknownProfile() throws Exception {
    String err = failsWithUsage("profile", "run", "--profile", "fast", "--results", results.toString());
    assertTrue(err.contains("unknown profile 'fast'") && err.contains("smoke"), err);
  }

  @Test
  void scratchMissing() throws Exception {
    Path missing = results.resolveSibling("no-such-scratch-" + System.nanoTime());
    String err = failsWithUsage("scratch-missing", "run", "--profile", "smoke", "--suites", "disk",
        "--scratch", missing.toString(), "--results", results.toString());
    assertTrue(err.contains(missing.toString()) && err.contains("does not exist"), err);
  }

  @Test
  void scratchTooSmall() throws Exception {
    // a 1 MiB tmpfs can't hold the smoke profile's test file; only root can mount it
    Path small = Files.createTempDirectory("virtpath-small-");
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
        .redirectErrorStream(true).start();
    Assumptions.assumeTrue(mount.waitFor() == 0, "needs root to mount a small tmpfs");
    try {
      String err = failsWithUsage("scratch-small", "run", "--profile", "smoke", "--suites", "disk",
          "--scratch", small.toString(), "--allow-buffered", "--results", results.toString());
      assertTrue(err.contains("free"), err);
      try (Stream<Path> s = Files.list(small)) {
        assertEquals(0, s.count(), "nothing left in the scratch dir");
      }
    } finally {
      new ProcessBuilder("umount", small.toString()).start().waitFor();
      Files.deleteIfExists(small);
    }
  }

  @Test
  void scratchWithoutDirectIo() throws Exception {
    Path shm = Path.of("/dev/shm");
    Assumptions.assumeTrue(Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs"),
        "needs /dev/shm on tmpfs");
    String err = failsWithUsage("scratch-tmpfs", "run", "--profile", "smoke", "--suites", "disk",
        "--scratch", shm.toString(), "--results", results.toString());
    assertTrue(err.contains("O_DIRECT") && err.contains("--allow-buffered"), err);
  }

  @Test
  void peerUnreachableFailsFast() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there now
    }
    long t0 = System.nanoTime();
    String err = failsWithUsage("peer", "run", "--profile", "smoke", "--suites", "network",
        "--peer", "127.0.0.1:" + port, "--results", results.toString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(err.contains("127.0.0.1:" + port) && err.contains("unreachable"), err);
    assertTrue(seconds < 15, "fails fast (JVM start + 5 s at most), took " + seconds);
  }

  @Test
  void peerBadSyntax() throws Exception {
    String err = failsWithUsage("peer-syntax", "run", "--suites", "network", "--peer", "localhost",
        "--results", results.toString());
    assertTrue(err.contains("localhost"), err);
  }

  @Test
  void resultsNotWritable() throws Exception {
    Path file = Files.writeString(results.resolveSibling("a-file-" + System.nanoTime()), "x");
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/bad-input-results"),
        "run", "--profile", "smoke", "--suites", "syscall", "--results", file.resolve("sub").toString())) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)));
      assertTrue(p.stderr().contains(file.toString()), p.stderr());
      assertFalse(p.stderr().contains("\tat "));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void unknownOption() throws Exception {
    String err = failsWithUsage("option", "run", "--profiel", "smoke", "--results", results.toString());
    assertTrue(err.contains("--profiel"), err);
  }

  @Test
  void validateRefusesJmhOptions() throws Exception {
    String err = failsWithUsage("validate-jmh", "validate", "--results", results.toString(), "--", "-f", "3");
    assertTrue(err.contains("validate takes no JMH options"), err);
  }

  @Test
  void validateUnknownTarget() throws Exception {
    String err = failsWithUsage("validate-target", "validate", "--target", "hots,virtio", "--results", results.toString());
    assertTrue(err.contains("unknown target 'hots' (--target)"), err);
  }

  @Test
  void validateRoundsOutOfRange() throws Exception {
    String err = failsWithUsage("validate-rounds", "validate", "--rounds", "0", "--results", results.toString());
    assertTrue(err.contains("--rounds 0"), err);
  }

  @Test
  void validateScratchMissing() throws Exception {
    String err = failsWithUsage("validate-scratch", "validate", "--suites", "disk", "--scratch", "/nonexistent/vp",
        "--results", results.toString());
    assertTrue(err.contains("/nonexistent/vp"), err);
  }

  // ---- refused before anything is created: the results dir given does not exist before and after ----

  /** A results directory that does not exist yet: bad input must not create it. */
  private String fresh() {
    return results.resolve("not-created").toString();
  }

  @Test
  void validateLabelIsANameNotAPath() throws Exception {
    String err = failsWithUsage("validate-label", "validate", "--label", "/tmp/elsewhere", "--results", fresh());
    assertTrue(err.contains("bad --label '/tmp/elsewhere'") && err.contains("a name, not a path"), err);
  }

  @Test
  void labelMayNotBeANameTheRecordUses() throws Exception {
    String err = failsWithUsage("label-reserved", "run", "--label", "manifest.json", "--results", fresh());
    assertTrue(err.contains("bad --label 'manifest.json'") && err.contains("manifest.json, environment.json, jmh.json"), err);
  }

  @Test
  void emptyOrBlankResultsAndScratchAreRefused() throws Exception {
    String err = failsWithUsage("results-empty", "run", "--suites", "syscall", "--results", "");
    assertTrue(err.contains("--results is empty"), err);
    err = failsWithUsage("results-blank", "run", "--suites", "syscall", "--results", " ");
    assertTrue(err.contains("--results ' ' is blank"), err);
    err = failsWithUsage("validate-results-blank", "validate", "--suites", "syscall", "--results", "  ");
    assertTrue(err.contains("--results '  ' is blank"), err);
    err = failsWithUsage("scratch-empty", "run", "--suites", "disk", "--scratch", "", "--results", fresh());
    assertTrue(err.contains("--scratch is empty"), err);
    err = failsWithUsage("validate-scratch-empty", "validate", "--suites", "disk", "--scratch", "", "--results", fresh());
    assertTrue(err.contains("--scratch is empty"), err);
  }

  @Test
  void unknownProfilerIsRefusedUpFront() throws Exception {
    String err = failsWithUsage("prof", "run", "--suites", "syscall", "--results", fresh(), "--", "-prof", "nosuchprof");
    assertTrue(err.contains("JMH profiler 'nosuchprof'") && err.contains("gc"), err);
  }

  @Test
  void excludingEverythingIsRefused() throws Exception {
    String err = failsWithUsage("exclude-all", "run", "--suites", "syscall", "--results", fresh(), "--", "-e", ".");
    assertTrue(err.contains("exclude all 11 benchmarks of [syscall]"), err);
  }

  @Test
  void jmhOptionsThatAreNotMeasurementAreRefused() throws Exception {
    for (String[] opt : new String[][] {{"-h"}, {"-l"}, {"-lp"}, {"-p", "size=1"}, {"-rff", "/tmp/x.json"}}) {
      String[] args = java.util.stream.Stream.concat(
          java.util.stream.Stream.of("run", "--suites", "syscall", "--results", fresh(), "--"), java.util.Arrays.stream(opt))
          .toArray(String[]::new);
      String err = failsWithUsage("jmh" + opt[0], args);
      assertTrue(err.contains("JMH option " + opt[0] + " after '--' is not supported") && err.contains("Allowed: -f -i"), err);
    }
  }

  @Test
  void degenerateJmhSettingsAreRefused() throws Exception {
    String err = failsWithUsage("r0", "run", "--suites", "syscall", "--results", fresh(), "--", "-r", "0");
    assertTrue(err.contains("-r 0 after '--' gives single-shot numbers"), err);
    err = failsWithUsage("f0", "run", "--suites", "syscall", "--results", fresh(), "--", "-f", "0");
    assertTrue(err.contains("-f 0") && err.contains("-f 1 or more"), err);
  }

  @Test
  void noWaitAndConcurrentContradict() throws Exception {
    String err = failsWithUsage("no-wait-concurrent", "run", "--no-wait", "--concurrent", "--results", fresh());
    assertTrue(err.contains("--no-wait and --concurrent"), err);
  }

  @Test
  void scratchRefusedLaterStillLeavesNoResultsDir() throws Exception {
    // the tmpfs verdict comes from opening the test file, after the results dir had to exist
    Path shm = Path.of("/dev/shm");
    Assumptions.assumeTrue(Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs"),
        "needs /dev/shm on tmpfs");
    String err = failsWithUsage("scratch-tmpfs-fresh", "run", "--profile", "smoke", "--suites", "disk",
        "--scratch", shm.toString(), "--results", fresh());
    assertTrue(err.contains("O_DIRECT"), err);
    try (Stream<Path> s = Files.list(shm)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("virtpath-scratch-")), "no scratch dir left in /dev/shm");
    }
  }

  private static long entries(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }
}
