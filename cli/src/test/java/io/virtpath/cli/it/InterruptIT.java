package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped half-way keeps what it measured, marked partial with the reason. */
class InterruptIT {
  @TempDir Path results;

  @Test
  void sigtermKeepsAPartialRecord() throws Exception {
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/interrupt"),
        "run", "--profile", "smoke", "--suites", "syscall,disk", "--label", "cut", "--results", results.toString())) {
      Path manifest = awaitFirstResult(p, Duration.ofMinutes(3));
      p.terminate();
      p.waitFor(Duration.ofSeconds(60));
      JsonNode m = Records.read(manifest);
      assertEquals("partial", m.get("status").asText(), m.toPrettyString());
      assertTrue(m.get("reason").asText().contains("interrupted"), m.toPrettyString());
      JsonNode jmh = Records.read(manifest.resolveSibling("cut/jmh.json"));
      assertTrue(jmh.size() >= 1, "what was measured before the signal is kept");
      assertTrue(m.get("targets").get(0).get("benchmarksDone").asInt() < m.get("targets").get(0).get("benchmarksPlanned").asInt());
      try (Stream<Path> s = Files.list(results)) {
        assertEquals(1, s.count(), "the scratch dir was removed on the signal too");
      }
    }
  }

  @Test
  void sigtermKeepsAPartialValidation() throws Exception {
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/interrupt-validate"),
        "validate", "--profile", "smoke", "--results", results.toString())) {
      Path manifest = awaitFirstResult(p, Duration.ofMinutes(3));
      JsonNode options = Records.read(manifest).get("options");
      p.terminate();
      p.waitFor(Duration.ofSeconds(60));
      JsonNode m = Records.read(manifest);
      assertEquals("validate", m.get("kind").asText());
      assertEquals("partial", m.get("status").asText(), m.toPrettyString());
      assertTrue(m.get("reason").asText().contains("interrupted"), m.toPrettyString());
      JsonNode pairs = Records.read(manifest.resolveSibling("host/validation.json")).get("pairs");
      int measured = 0;
      for (JsonNode pair : pairs) {
        measured += pair.get("rounds").size();
      }
      assertTrue(measured >= 1 && measured < 18, "what was measured before the signal is kept: " + measured);
      try (Stream<Path> s = Files.list(results)) {
        assertEquals(1, s.count(), "the scratch dir was removed on the signal too");
      }
      String sockperfPort = options.get("sockperf").asText().replaceAll(".*:", "");
      assertTrue(ProcessHandle.allProcesses().noneMatch(ph -> ph.info().commandLine().orElse("")
          .matches(".*sockperf server .*-p " + sockperfPort + "\\b.*")), "the sockperf server was stopped");
    }
  }

  private Path awaitFirstResult(VirtpathProcess p, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> s = Files.list(results)) {
        for (Path run : s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).toList()) {
          Path manifest = run.resolve("manifest.json");
          if (Files.exists(manifest)
              && Records.read(manifest).get("targets").get(0).get("benchmarksDone").asInt() >= 1) {
            return manifest;
          }
        }
      }
      assertTrue(p.process().isAlive(), "run ended before the first result: " + p.stderr());
      Thread.sleep(200);
    }
    throw new AssertionError("no result within " + timeout);
  }
}
