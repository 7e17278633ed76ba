package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.MachineLock;
import io.virtpath.core.ProcessOwner;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One benchmark at a time on a machine: a run waits for the holder, or refuses with --no-wait, or
 * runs anyway with --concurrent and says so; and a run removes what killed runs left behind. The
 * holder is this test JVM, through the same lock the jar takes.
 */
class MachineIT {
  @TempDir Path results;

  /** One short benchmark: the syscall suite without everything but getpid. */
  private static final String[] ONE_BENCHMARK = {"--profile", "smoke", "--suites", "syscall", "--label", "m",
      "--", "-e", "^(?!.*\\.getpid$)"};

  private String[] run(String... extra) {
    return java.util.stream.Stream.of(new String[] {"run", "--results", results.toString()}, extra, ONE_BENCHMARK)
        .flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  @Test
  void noWaitRefusesWhileAnotherBenchmarkHoldsTheMachine() throws Exception {
    Path fresh = results.resolve("never");
    try (MachineLock held = MachineLock.acquire("virtpath run, run id it-holder", MachineLock.Policy.NO_WAIT, System.out);
        VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/machine-no-wait"),
            "run", "--no-wait", "--results", fresh.toString(), "--suites", "syscall")) {
      assertEquals(1, p.waitFor(Duration.ofSeconds(60)));
      assertTrue(p.stderr().startsWith("virtpath: machine busy: held by pid " + ProcessHandle.current().pid()
          + " (virtpath run, run id it-holder, since "), p.stderr());
      assertFalse(p.stderr().contains("\tat "));
      assertFalse(Files.exists(fresh), "nothing created");
    }
  }

  @Test
  void aRunWaitsForTheHolderThenRuns() throws Exception {
    MachineLock held = MachineLock.acquire("virtpath lab, run id it-holder", MachineLock.Policy.NO_WAIT, System.out);
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/machine-wait"), run())) {
      try {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!p.stdout().contains("waiting for the machine")) {
          assertTrue(p.process().isAlive() && System.nanoTime() < deadline, p.stderr());
          Thread.sleep(100);
        }
        assertTrue(p.stdout().startsWith("waiting for the machine: held by pid " + ProcessHandle.current().pid()
            + " (virtpath lab, run id it-holder, since "), p.stdout());
        assertTrue(p.process().isAlive());
        try (var s = Files.list(results)) {
          assertEquals(0, s.count(), "nothing measured or written while waiting");
        }
      } finally {
        held.close();
      }
      assertEquals(0, p.waitFor(Duration.ofMinutes(5)), p.stderr());
      JsonNode m = Records.read(Path.of(p.lastLine()).resolve("manifest.json"));
      assertEquals("complete", m.get("status").asText(), m.toPrettyString());
      assertEquals(1, m.get("targets").get(0).get("benchmarksPlanned").asInt(), "-e shrank the plan");
      assertEquals("held", m.get("options").get("machineLock").asText());
      assertFalse(m.get("options").get("concurrent").asBoolean());
    }
  }

  @Test
  void concurrentRunsAnywayAndTheRecordSaysSo() throws Exception {
    try (MachineLock held = MachineLock.acquire("virtpath run, run id it-holder", MachineLock.Policy.NO_WAIT, System.out);
        VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/machine-concurrent"), run("--concurrent"))) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(5)), p.stderr());
      assertTrue(p.stdout().contains("running concurrently with pid " + ProcessHandle.current().pid()), p.stdout());
      JsonNode m = Records.read(Path.of(p.lastLine()).resolve("manifest.json"));
      assertTrue(m.get("options").get("concurrent").asBoolean(), m.toPrettyString());
      assertEquals("concurrent", m.get("options").get("machineLock").asText());
    }
  }

  @Test
  void jmhsOwnLockDoesNotFailARun() throws Exception {
    // another JMH (or a --concurrent virtpath before the fix) holds JMH's machine-wide lock file;
    // a private java.io.tmpdir keeps this test from blocking anyone else's JMH on this machine
    Path tmp = Files.createDirectory(results.resolve("tmp"));
    try (FileChannel ch = FileChannel.open(tmp.resolve("jmh.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock jmhLock = ch.lock();
        VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/machine-jmh-lock"),
            List.of("-Djava.io.tmpdir=" + tmp), run())) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(5)), p.stdout() + p.stderr());
      JsonNode m = Records.read(Path.of(p.lastLine()).resolve("manifest.json"));
      assertEquals("complete", m.get("status").asText(), m.toPrettyString());
    }
  }

  @Test
  void theNextRunRemovesTheScratchOfARunKilledWithSigkill() throws Exception {
    Path scratch;
    try (VirtpathProcess killed = VirtpathProcess.start(Path.of("target/it-logs/machine-sigkill"),
        "run", "--profile", "smoke", "--suites", "disk", "--label", "killed", "--results", results.toString())) {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (!killed.stdout().contains("[ 1/")) { // the test file is written, the first fork runs
        assertTrue(killed.process().isAlive() && System.nanoTime() < deadline, killed.stderr());
        Thread.sleep(100);
      }
      killed.process().destroyForcibly().waitFor(60, TimeUnit.SECONDS); // SIGKILL: no hook runs
      try (var s = Files.list(results)) {
        scratch = s.filter(p -> p.getFileName().toString().startsWith(".scratch-")).findFirst().orElseThrow();
      }
      assertTrue(Files.exists(scratch.resolve("virtpath-disk.dat")), "SIGKILL leaves the test file");
    }
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/machine-after-sigkill"), run())) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(5)), p.stderr());
      assertTrue(p.stdout().contains("removed " + scratch + ", left by a run that is gone (pid "), p.stdout());
      assertTrue(p.stdout().contains("32.0 MiB"), "the smoke test file's size is said: " + p.stdout());
    }
    assertFalse(Files.exists(scratch));
  }

  @Test
  void aRunRemovesTheScratchOfADeadRunAndKeepsALiveOnes() throws Exception {
    Process gone = new ProcessBuilder("cat").start();
    ProcessOwner dead = ProcessOwner.of(gone.pid()).orElseThrow();
    gone.getOutputStream().close();
    assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
    Path deadScratch = Files.createDirectory(results.resolve(".scratch-20260101-000000-dead"));
    dead.write(deadScratch.resolve(".virtpath-owner"));
    Files.write(deadScratch.resolve("virtpath-disk.dat"), new byte[1 << 20]);
    Path liveScratch = Files.createDirectory(results.resolve(".scratch-20260101-000000-live"));
    ProcessOwner.self().write(liveScratch.resolve(".virtpath-owner"));

    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/machine-leftovers"), run())) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(5)), p.stderr());
      assertTrue(p.stdout().contains("removed " + deadScratch + ", left by a run that is gone (pid " + dead.pid()
          + "): 1.0 MiB"), p.stdout());
    }
    assertFalse(Files.exists(deadScratch));
    assertTrue(Files.exists(liveScratch.resolve(".virtpath-owner")), "this test JVM is alive: its scratch stays");
  }

}
