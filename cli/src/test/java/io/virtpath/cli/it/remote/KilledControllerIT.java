package io.virtpath.cli.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtpath.cli.it.VirtpathProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIGKILL case, as a user meets it: a {@code virtpath remote} killed mid-benchmark
 * leaves its record {@code running} and its {@code .work}; its target stops its run when the
 * connection (here: the local shell's stdin) closes; the next {@code virtpath remote} with the same
 * results directory seals the record as killed and removes the work directory. On the way, the
 * syscall suite's file is seen in the target's scratch directory, not in /tmp.
 */
class KilledControllerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theNextCommandSealsARecordLeftRunningBySigkillAndRemovesItsWork() throws Exception {
    Path logs = Path.of("target/it-logs/remote-sigkill").toAbsolutePath();
    Path scratch = dir.resolve("scratch");
    Path results = dir.resolve("results");
    Path first;
    long controllerPid;
    try (VirtpathProcess p = VirtpathProcess.start(logs.resolve("killed"), "remote", "--target", "g=local",
        "--scratch", scratch.toString(), "--suites", "syscall", "--benchmarks", "all", "--profile", "quick",
        "--rounds", "1", "--results", results.toString(), "--bundles", RemoteIT.BUNDLES.toString())) {
      // quick and all: a dozen benchmarks of seconds each, so the kill comes while one is measured
      p.awaitOutput("^  g  \\s*avgt ", Duration.ofMinutes(5));
      Path syscallFile = syscallFile(scratch);
      ProcessHandle controller = p.process().toHandle();
      controllerPid = controller.pid();
      controller.destroyForcibly(); // SIGKILL to the java process only: no hook runs
      assertTrue(controller.onExit().toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
          .handle((h, e) -> e == null).get(), "the controller did not die of SIGKILL");
      assertTrue(syscallFile != null && syscallFile.startsWith(scratch),
          "the syscall suite's file was in the target's scratch directory: " + syscallFile);
      first = only(results);
    }
    awaitNoProcessIn(scratch, Duration.ofSeconds(60)); // the target's watcher saw stdin close
    JsonNode before = JSON.readTree(first.resolve("manifest.json").toFile());
    assertEquals("running", before.get("status").asText(), "the kill came too late to test anything: "
        + before.toPrettyString());
    assertTrue(Files.isDirectory(first.resolve(".work")));
    assertTrue(Files.exists(first.resolve(".controller.json")));
    Path targetWork = scratch.resolve(".virtpath-run-" + first.getFileName() + "-g");
    assertTrue(Files.isDirectory(targetWork), "the killed run's work directory in the target stays until the next run");

    try (VirtpathProcess p = VirtpathProcess.start(logs.resolve("next"), "remote", "--target", "g=local",
        "--scratch", scratch.toString(), "--suites", "syscall", "--profile", "smoke", "--rounds", "1",
        "--results", results.toString(), "--bundles", RemoteIT.BUNDLES.toString())) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(10)), p.stdout() + p.stderr());
      String out = p.stdout();
      String id = first.getFileName().toString();
      assertTrue(out.contains("remote: sealed run " + id + " as "), out);
      assertTrue(out.contains("remote: removed " + first.resolve(".work") + " of killed run " + id), out);
      assertTrue(out.contains("  g  removed " + targetWork + " (left by a controller that was killed)"), out);
      assertFalse(Files.exists(targetWork), "the next probe of the target removed the dead run's work directory");
      Path second = Path.of(p.lastLine());
      assertEquals("complete", JSON.readTree(second.resolve("manifest.json").toFile()).get("status").asText());
      assertFalse(Files.exists(second.resolve(".controller.json")), "a sealed record names no controller");
    }
    JsonNode m = JSON.readTree(first.resolve("manifest.json").toFile());
    assertTrue(List.of("partial", "failed").contains(m.get("status").asText()), m.toPrettyString());
    String reason = m.get("reason").asText();
    assertTrue(reason.startsWith("killed: virtpath remote (pid " + controllerPid + " on ")
        && reason.contains("ended without sealing its record after 0 of 1 target runs; pid " + controllerPid),
        reason);
    assertFalse(Files.exists(first.resolve(".work")), "the dead run's work directory is gone");
    assertFalse(Files.exists(first.resolve(".controller.json")));
    awaitNoProcessIn(scratch, Duration.ofSeconds(30));
  }

  /** The stat/openClose file of the run going on in {@code scratch}'s target, or null if none is seen. */
  private static Path syscallFile(Path scratch) throws IOException {
    // the pipe benchmark has no such file: wait for the next SyscallBench method if need be
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> s = Files.walk(scratch)) {
        var f = s.filter(x -> x.getFileName().toString().startsWith("virtpath-syscall-")).findFirst();
        if (f.isPresent()) {
          return f.get();
        }
      } catch (IOException | java.io.UncheckedIOException gone) {
        // a benchmark's file went while we walked: look again
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private static Path only(Path results) throws IOException {
    try (Stream<Path> s = Files.list(results)) {
      List<Path> runs = s.filter(p -> p.getFileName().toString().matches("[0-9]{8}-[0-9]{6}-[0-9a-f]{4}")).toList();
      assertEquals(1, runs.size(), runs.toString());
      return runs.get(0);
    }
  }

  /** Waits until no process has {@code scratch} in its command line (the target's run and scripts). */
  private static void awaitNoProcessIn(Path scratch, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    List<String> left;
    do {
      left = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
          .map(h -> h.pid() + " " + h.info().commandLine().orElse("")).filter(c -> c.contains(scratch.toString()))
          .toList();
      if (left.isEmpty()) {
        return;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    assertEquals(List.of(), left, "the target's processes outlived the controller");
  }
}
