package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate --profile smoke} on this machine, for real: the C loop compiled with cc, fio on
 * the scratch file, sockperf and iperf3 against servers on loopback. Every pair must produce a
 * ratio. Whether the ratios meet their targets is a measurement, reported in the table and in the
 * docs, not asserted here: a smoke profile on a shared CI machine cannot promise that.
 */
class ValidateIT {
  static final List<String> PAIRS = List.of("getpid", "clock-gettime", "rand-read-qd1", "rand-read-qd16",
      "seq-read-1m", "seq-write-1m", "tcp-rr-1b", "tcp-rr-1k", "tcp-stream");

  @TempDir Path results;

  @Test
  void smokeValidationGivesARatioForEveryPair() throws Exception {
    Path runDir;
    String stdout;
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/validate-smoke"), "validate",
        "--profile", "smoke", "--seed", "42", "--results", results.toString())) {
      int exit = p.waitFor(Duration.ofMinutes(10));
      assertEquals(0, exit, () -> "exit code; stderr: " + RunSmokeIT.safe(p::stderr));
      stdout = p.stdout();
      runDir = Path.of(p.lastLine());
    }
    assertTrue(stdout.contains("ETA"), "progress shows an ETA");
    for (String pair : PAIRS) {
      assertTrue(stdout.lines().anyMatch(l -> l.startsWith("host ") && l.contains(" " + pair + " ")),
          "the table has a line for " + pair);
    }

    JsonNode manifest = Records.read(runDir.resolve("manifest.json"));
    assertEquals("validate", manifest.get("kind").asText());
    assertEquals("complete", manifest.get("status").asText(), manifest.toPrettyString());
    assertEquals(42, manifest.get("options").get("seed").asLong());

    JsonNode v = Records.read(runDir.resolve("validation.json"));
    JsonNode host = v.get("targets").get(0);
    assertEquals("host", host.get("label").asText());
    Set<String> seen = new HashSet<>();
    for (JsonNode pair : host.get("pairs")) {
      String id = pair.get("id").asText();
      seen.add(id);
      assertEquals(2, pair.get("virtpath").size(), id + ": two rounds on virtpath's side");
      assertEquals(2, pair.get("referenceValues").size(), id + ": two rounds on the reference's side");
      assertTrue(pair.get("ratio").asDouble() > 0, id + " has a ratio");
      assertFalse(pair.get("ciLow").isNull(), id + " has an interval");
      assertTrue(pair.get("ciLow").asDouble() <= pair.get("ratio").asDouble()
          && pair.get("ratio").asDouble() <= pair.get("ciHigh").asDouble(), id + ": ratio inside its interval");
      assertEquals(0, pair.get("failures").size(), id + ": " + pair.get("failures"));
    }
    assertEquals(new HashSet<>(PAIRS), seen);

    // raw outputs of both sides are kept, per round
    Path raw = runDir.resolve("host/raw/round-1");
    for (String f : List.of("getpid.cloop.txt", "getpid.jmh.json", "rand-read-qd1.fio.json", "tcp-rr-1b.sockperf.txt",
        "tcp-stream.iperf3.json", "tcp-stream.jmh.json")) {
      assertTrue(Files.size(raw.resolve(f)) > 0, f);
    }
    assertNotNull(Records.read(runDir.resolve("host/environment.json")).get("virtualization"));
    assertTrue(Files.size(runDir.resolve("charts/validation.png")) > 1000);
    assertTrue(Files.readString(runDir.resolve("charts/validation.svg")).contains("<svg"));

    try (Stream<Path> left = Files.list(results)) {
      assertEquals(1, left.count(), "only the run directory is left: scratch removed");
    }
    // the servers it started (on the ports the manifest names) are gone
    String sockperfPort = manifest.get("options").get("sockperf").asText().replaceAll(".*:", "");
    String iperf3Port = manifest.get("options").get("iperf3").asText().replaceAll(".*:", "");
    assertFalse(ProcessHandle.allProcesses().anyMatch(ph -> {
      String cmd = ph.info().commandLine().orElse("");
      return cmd.matches(".*sockperf server .*-p " + sockperfPort + "\\b.*")
          || cmd.matches(".*iperf3 --server .*--port " + iperf3Port + "\\b.*");
    }), "no server left running");
  }
}
