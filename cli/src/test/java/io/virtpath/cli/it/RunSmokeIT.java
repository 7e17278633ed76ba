package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The foundation's promise: one smoke run on this machine gives a complete record of all three suites. */
class RunSmokeIT {
  @TempDir Path results;

  @Test
  void smokeRunOfAllSuitesGivesACompleteRecord() throws Exception {
    Path logs = Path.of("target/it-logs/run-smoke");
    String runDirLine;
    try (VirtpathProcess p =
        VirtpathProcess.start(logs, "run", "--profile", "smoke", "--suites", "syscall,disk,network",
            "--label", "e2e", "--results", results.toString())) {
      int exit = p.waitFor(Duration.ofMinutes(8));
      assertEquals(0, exit, () -> "exit code; stderr: " + safe(p::stderr));
      runDirLine = p.lastLine();
      assertTrue(p.stdout().contains("ETA"), "progress shows an ETA");
    }
    Path runDir = Path.of(runDirLine);
    assertTrue(Files.isDirectory(runDir), "last stdout line is the run directory: " + runDirLine);
    assertEquals(results.toRealPath(), runDir.getParent().toRealPath());

    JsonNode manifest = Records.read(runDir.resolve("manifest.json"));
    assertEquals("complete", manifest.get("status").asText(), manifest.toPrettyString());
    assertEquals(1, manifest.get("formatVersion").asInt());
    assertEquals("smoke", manifest.get("profile").asText());
    assertEquals("in-process", manifest.get("options").get("peerMode").asText());
    assertTrue(manifest.get("options").get("directIo").asBoolean(), "disk suite used O_DIRECT");
    assertNotNull(manifest.get("endTime").textValue());

    JsonNode jmh = Records.read(runDir.resolve("e2e/jmh.json"));
    for (var suite : Records.EXPECTED.entrySet()) {
      assertEquals(suite.getValue(), Records.methods(jmh, suite.getKey()), suite.getKey() + " benchmarks");
    }
    for (JsonNode b : jmh) {
      String id = b.get("benchmark").asText() + " [" + b.get("mode").asText() + "]";
      assertTrue(b.get("primaryMetric").get("score").asDouble() > 0, id + " has a positive score");
      assertTrue(Records.hasRawSamples(b), id + " keeps its raw samples");
    }

    JsonNode metricsFile = Records.read(runDir.resolve("e2e/metrics.json"));
    assertEquals(1, metricsFile.get("formatVersion").asInt());
    JsonNode metrics = metricsFile.get("results");
    assertEquals(jmh.size(), metrics.size());
    for (JsonNode m : metrics) {
      assertTrue(m.get("value").asDouble() > 0, m.toString());
    }
    assertTrue(metrics.toString().contains("\"IOPS\""), "disk IOPS derived");
    assertTrue(metrics.toString().contains("\"MB/s\""), "MB/s derived");

    // the kernel counters profiler is on by default: every entry has its figures, the disk suite
    // its disk's, and the scratch disk's interrupts are found (a QD1 O_DIRECT read completes
    // through one, unless the device polls)
    String driver = Records.read(runDir.resolve("e2e/environment.json")).get("storage").get("driver").asText(null);
    for (JsonNode m : metrics) {
      JsonNode c = m.get("counters");
      assertTrue(c.has("irq.other/op") && c.has("softirq.net_rx/op") && c.has("ctxsw.vol/op"), m.toString());
      boolean qd1Read = m.get("benchmark").asText().endsWith(".randRead4kQd1");
      if (qd1Read) {
        assertTrue(c.has("disk.inflight.avg") && c.has("disk.merged/op"), m.toString());
        if (driver != null) {
          assertTrue(c.path("irq.disk." + driver + "/op").asDouble() > 0, m.toString());
        }
      }
    }
    assertTrue(jmh.get(0).get("secondaryMetrics").has("irq.other/op"), "the counters are in jmh.json too");

    JsonNode env = Records.read(runDir.resolve("e2e/environment.json"));
    assertFalse(env.get("virtualization").get("kind").isNull());
    assertFalse(env.get("host").get("kernel").isNull());
    assertFalse(env.get("storage").get("filesystem").isNull());
    assertEquals("lo", env.get("network").get("interfaceName").asText());

    try (Stream<Path> left = Files.list(results)) {
      assertEquals(1, left.count(), "only the run directory is left: the scratch file and dir are gone");
    }
  }

  interface IoSupplier {
    String get() throws Exception;
  }

  static String safe(IoSupplier s) {
    try {
      return s.get();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
