package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate --target container}: the lab path of validate, for real — the lab starts
 * virtpath's peer, a sockperf and an iperf3 server in its namespace, runs the validation inside an
 * OCI container across a veth, collects the container's validation and tears everything down.
 * (The guests take the same path; booting them under TCG is LabSmokeIT's job.)
 */
@Tag("privileged")
class ValidateLabIT {
  @TempDir Path results;

  @Test
  void containerValidationThroughTheLab() throws Exception {
    Instant started = Instant.now();
    Path runDir;
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/validate-lab"), "validate",
        "--target", "container", "--profile", "smoke", "--results", results.toString())) {
      int exit = p.waitFor(Duration.ofMinutes(10));
      assertEquals(0, exit, () -> "exit code; stderr: " + RunSmokeIT.safe(p::stderr));
      runDir = Path.of(p.lastLine());
      assertTrue(p.stdout().contains("sockperf-server listening on 10.77.0.1"), "the lab started the reference servers");
    }
    JsonNode manifest = Records.read(runDir.resolve("manifest.json"));
    assertEquals("validate", manifest.get("kind").asText());
    assertEquals("complete", manifest.get("status").asText(), manifest.toPrettyString());
    JsonNode container = Records.read(runDir.resolve("validation.json")).get("targets").get(0);
    assertEquals("container", container.get("label").asText());
    assertEquals(9, container.get("pairs").size());
    for (JsonNode pair : container.get("pairs")) {
      assertTrue(pair.get("ratio").asDouble() > 0, pair.get("id") + " has a ratio: " + pair);
    }
    JsonNode inner = Records.read(runDir.resolve("container/run-manifest.json"));
    assertEquals("10.77.0.1:7777", inner.get("options").get("peer").asText(), "the container used the lab's peer");
    assertEquals("10.77.0.1:11111", inner.get("options").get("sockperf").asText());
    assertTrue(Files.size(runDir.resolve("container/raw/round-1/tcp-stream.iperf3.json")) > 0);
    assertTrue(Files.size(runDir.resolve("charts/validation.png")) > 1000);

    assertEquals(List.of(), LabLeftovers.of(manifest.get("runId").asText()));
    assertFalse(ProcessHandle.allProcesses().anyMatch(ph -> {
      String cmd = ph.info().commandLine().orElse("");
      boolean server = cmd.contains("sockperf server") || cmd.contains("iperf3 --server");
      return server && ph.info().startInstant().map(t -> t.isAfter(started)).orElse(false);
    }), "the lab's reference servers are stopped");
  }
}
