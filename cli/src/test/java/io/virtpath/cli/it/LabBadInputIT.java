package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code lab}: exit 2, a message naming what is wrong, no stack trace, and nothing
 * done: no results directory, no cache directory (so no package installed, no guest image built,
 * which all come later).
 */
class LabBadInputIT {
  @TempDir Path tmp;

  private Path results() {
    return tmp.resolve("results");
  }

  private Path cache() {
    return tmp.resolve("cache");
  }

  /** Runs {@code lab} with a fresh --results and --cache unless {@code args} give their own. */
  private String failsWithUsage(String name, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("lab"));
    List<String> given = List.of(args);
    if (!given.contains("--results")) {
      cmd.addAll(List.of("--results", results().toString()));
    }
    if (!given.contains("--cache")) {
      cmd.addAll(List.of("--cache", cache().toString()));
    }
    cmd.addAll(given);
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/lab-bad-input-" + name), cmd.toArray(String[]::new))) {
      int exit = p.waitFor(Duration.ofSeconds(60)); // a FIFO spec used to hang here
      String err = p.stderr();
      assertEquals(2, exit, name + ": exit code; stderr: " + err);
      assertFalse(err.contains("\tat ") || err.contains("Exception") || err.contains("Error:"), name + ": no stack trace: " + err);
      assertTrue(err.startsWith("virtpath: "), name + ": " + err);
      assertFalse(Files.exists(results()), name + ": no results dir may be created");
      assertFalse(Files.exists(cache()), name + ": nothing may be set up (the cache is created before the guest image)");
      return err;
    }
  }

  private Path spec(String yaml) throws Exception {
    return Files.writeString(tmp.resolve("spec-" + System.nanoTime() + ".yaml"), yaml);
  }

  @Test
  void specDevZero() throws Exception {
    String err = failsWithUsage("dev-zero", "--spec", "/dev/zero");
    assertTrue(err.contains("spec /dev/zero is a character device, not a regular file"), err);
  }

  @Test
  void specFifo() throws Exception {
    Path fifo = tmp.resolve("spec.fifo");
    Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
    String err = failsWithUsage("fifo", "--spec", fifo.toString());
    assertTrue(err.contains("is a FIFO, not a regular file"), err);
  }

  @Test
  void specDirectory() throws Exception {
    String err = failsWithUsage("spec-dir", "--spec", tmp.toString());
    assertTrue(err.contains("is a directory, not a regular file"), err);
  }

  @Test
  void vcpusBeyondThisMachine() throws Exception {
    // 64 passed the old fixed limit; no machine this test runs on has 16+ CPUs to make it sane
    Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() * 4 < 64);
    String err = failsWithUsage("vcpus", "--spec", spec("vcpus: 64\ntargets:\n  - {name: g, kind: qemu}\n").toString());
    assertTrue(err.contains(": vcpus: '64' is not allowed; use a whole number from 1 to "), err);
  }

  @Test
  void memoryBeyondThisMachine() throws Exception {
    String err = failsWithUsage("memory", "--spec", spec("memoryMiB: 1000000\ntargets:\n  - {name: g, kind: qemu}\n").toString());
    assertTrue(err.contains(": memoryMiB: '1000000' is not allowed") && err.contains("this machine has"), err);
  }

  @Test
  void targetNamedLikeTheLabsLogs() throws Exception {
    String err = failsWithUsage("lab-logs", "--spec", spec("targets:\n  - {name: lab-logs, kind: host}\n").toString());
    assertTrue(err.contains("targets[0].name: 'lab-logs' is reserved"), err);
  }

  @Test
  void readmeVhostOnIsAccepted() throws Exception {
    // The README's form passes the spec; what stops this lab is the rounds, checked after it.
    Path s = spec("targets:\n  - name: v\n    kind: qemu\n    nic: virtio-net\n    vhost: on\n");
    String err = failsWithUsage("vhost-on", "--spec", s.toString(), "--rounds", "0");
    assertTrue(err.contains("--rounds 0 is out of range"), err);
  }

  @Test
  void blankResults() throws Exception {
    for (String blank : List.of("", " ")) {
      String err = failsWithUsage("results-blank", "--results", blank);
      assertTrue(err.contains("--results '" + blank + "' is empty"), err);
    }
    assertFalse(Files.exists(Path.of(" ")), "no directory named ' ' in the working directory");
  }

  @Test
  void resultsWithTrailingWhitespace() throws Exception {
    String err = failsWithUsage("results-space", "--results", results() + " ");
    assertTrue(err.contains("starts or ends with whitespace"), err);
    assertFalse(Files.exists(Path.of(results() + " ")));
  }

  @Test
  void resultsUnderAFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    String err = failsWithUsage("results-file", "--results", file.resolve("sub").toString());
    assertTrue(err.contains(file + " is a file, not a directory"), err);
  }

  @Test
  void resultsOnAReadOnlyMount() throws Exception {
    Path ro = Files.createDirectories(tmp.resolve("ro"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", ro.toString())
        .redirectErrorStream(true).start();
    Assumptions.assumeTrue(mount.waitFor() == 0, "needs root to mount a read-only tmpfs");
    try {
      String err = failsWithUsage("results-ro", "--results", ro.resolve("results").toString());
      assertTrue(err.contains(ro + " is not writable"), err);
    } finally {
      new ProcessBuilder("umount", ro.toString()).start().waitFor();
    }
  }

  @Test
  void cacheIsAFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("cache-file"), "x");
    String err = failsWithUsage("cache-file", "--cache", file.toString());
    assertTrue(err.contains("--cache " + file + " is a file, not a directory"), err);
  }

  @Test
  void absurdTargetTimeout() throws Exception {
    String err = failsWithUsage("target-timeout", "--target-timeout", "100000000");
    assertTrue(err.contains("--target-timeout 100000000 is out of range: use 1 to 10080 minutes"), err);
  }

  @Test
  void absurdRounds() throws Exception {
    String err = failsWithUsage("rounds", "--rounds", "1000");
    assertTrue(err.contains("--rounds 1000 is out of range: use 1 to 100"), err);
  }

  @Test
  void aBudgetThatIsNotADurationOrABenchmarkSetThatDoesNotExist() throws Exception {
    String err = failsWithUsage("budget", "--budget", "15");
    assertTrue(err.contains("--budget '15' is not a duration: write it like 15m, 900s or 1h30m"), err);
    err = failsWithUsage("budget-zero", "--budget", "0m");
    assertTrue(err.contains("--budget '0m' leaves no time"), err);
    err = failsWithUsage("benchmarks", "--benchmarks", "fast");
    assertTrue(err.contains("unknown benchmark set 'fast' (--benchmarks): choose headline or all"), err);
    err = failsWithUsage("shared-fork", "--", "-f", "3");
    assertTrue(err.contains("JMH option -f after '--' needs a JVM per benchmark") && err.contains("--fork-per-benchmark"), err);
  }

  @Test
  void kvmOnAMachineWithoutKvm() throws Exception {
    Assumptions.assumeFalse(Files.exists(Path.of("/dev/kvm")), "this machine has /dev/kvm");
    String err = failsWithUsage("accel-kvm", "--accel", "kvm", "--targets", "virtio");
    assertTrue(err.contains("--accel kvm: KVM cannot run the guests on this machine: ")
        && err.contains("/dev/kvm does not exist"), err);
  }

  @Test
  void badJmhOptionFailsOnceNotInEveryTarget() throws Exception {
    String err = failsWithUsage("jmh", "--targets", "host", "--", "-notanoption");
    assertTrue(err.contains("bad JMH option after '--'"), err);
  }
}
