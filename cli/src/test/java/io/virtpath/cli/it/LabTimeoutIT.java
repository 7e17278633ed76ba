package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest that does not finish in time is killed; what it measured until then is kept. */
@Tag("privileged")
class LabTimeoutIT {
  @TempDir Path results;

  @Test
  void aGuestPastItsTimeoutIsKilledAndItsPartialRecordKept() throws Exception {
    Path spec = Files.writeString(results.resolveSibling("slow-lab-" + System.nanoTime() + ".yaml"), """
        vcpus: 1
        memoryMiB: 1024
        targetTimeoutMinutes: 1
        targets:
          - name: slow
            kind: qemu
            disk: virtio-blk
            nic: virtio-net
        """);
    Path runDir;
    long t0 = System.nanoTime();
    try (VirtpathProcess lab = VirtpathProcess.start(Path.of("target/it-logs/lab-timeout"),
        // a JVM per benchmark, all eleven: minutes in a TCG guest, far beyond the target's timeout
        "lab", "--profile", "quick", "--suites", "syscall", "--spec", spec.toString(), "--rounds", "1",
        "--benchmarks", "all", "--fork-per-benchmark",
        "--accel", "tcg", "--results", results.toString())) {
      int exit = lab.waitFor(Duration.ofMinutes(6));
      assertEquals(1, exit, () -> "a timed-out target makes the lab incomplete; stderr: " + RunSmokeIT.safe(lab::stderr));
      runDir = Path.of(lab.lastLine());
    } finally {
      Files.deleteIfExists(spec);
    }
    double minutes = (System.nanoTime() - t0) / 60e9;
    assertTrue(minutes < 4, "killed at its 1 minute timeout, not later: " + minutes + " min");
    JsonNode target = Records.read(runDir.resolve("manifest.json")).get("targets").get(0);
    assertTrue(target.get("reason").asText().contains("timed out"), target.toString());
    assertTrue(List.of("partial", "failed").contains(target.get("status").asText()), target.toString());
    if (target.get("benchmarksDone").asInt() > 0) {
      assertEquals("partial", target.get("status").asText());
      assertTrue(Records.read(runDir.resolve("slow/jmh.json")).size() > 0, "what was measured is kept");
    }
    assertTrue(Files.size(runDir.resolve("slow/logs/console.log")) > 0, "the serial console log is kept");
    JsonNode lab = Records.read(runDir.resolve("lab.json"));
    assertTrue(lab.get("targets").get("slow").get("timedOut").asBoolean());
    assertEquals(List.of(), LabLeftovers.of(Records.read(runDir.resolve("manifest.json")).get("runId").asText()));
  }
}
