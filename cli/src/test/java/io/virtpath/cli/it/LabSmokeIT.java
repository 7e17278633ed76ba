package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's promise: one command, four targets, three suites each, and the record says which path
 * each target really took (drivers from inside the guests), under which accelerator.
 */
@Tag("privileged")
class LabSmokeIT {
  @TempDir Path results;

  @Test
  void fourTargetsGiveCompleteRecordsWithTheRightDrivers() throws Exception {
    Path runDir;
    String hostKind;
    try (VirtpathProcess fp = VirtpathProcess.start(Path.of("target/it-logs/lab-host-fingerprint"), "fingerprint", "--json")) {
      assertEquals(0, fp.waitFor(Duration.ofMinutes(1)));
      hostKind = Records.mapper().readTree(fp.stdout()).get("virtualization").get("kind").asText();
    }
    try (VirtpathProcess lab = VirtpathProcess.start(Path.of("target/it-logs/lab-smoke"),
        "lab", "--profile", "smoke", "--results", results.toString(), "--accel", "auto")) {
      int exit = lab.waitFor(Duration.ofMinutes(40));
      assertEquals(0, exit, () -> "lab exit; stderr: " + RunSmokeIT.safe(lab::stderr));
      assertTrue(lab.stdout().contains("accelerator:"), "the accelerator banner is printed");
      runDir = Path.of(lab.lastLine());
    }
    JsonNode manifest = Records.read(runDir.resolve("manifest.json"));
    assertEquals("lab", manifest.get("kind").asText());
    assertEquals("complete", manifest.get("status").asText(), manifest.toPrettyString());
    JsonNode lab = Records.read(runDir.resolve("lab.json"));
    String accel = lab.get("accelerator").get("used").asText();
    assertTrue(List.of("kvm", "tcg").contains(accel));
    assertFalse(lab.get("qemuVersion").asText().isBlank());

    for (String target : List.of("host", "container", "emulated", "virtio")) {
      JsonNode jmh = Records.read(runDir.resolve(target + "/jmh.json"));
      for (var suite : Records.EXPECTED.entrySet()) {
        assertEquals(suite.getValue(), Records.methods(jmh, suite.getKey()), target + " / " + suite.getKey());
      }
      for (JsonNode b : jmh) {
        assertTrue(b.get("primaryMetric").get("score").asDouble() > 0, target + " " + b.get("benchmark"));
      }
      assertFalse(lab.get("targets").get(target).get("commandLine").asText().isBlank());
    }

    JsonNode emulated = Records.read(runDir.resolve("emulated/environment.json"));
    assertEquals("ata_piix", emulated.get("storage").get("driver").asText(), emulated.get("storage").toString());
    assertEquals("e1000", emulated.get("network").get("driver").asText());
    JsonNode virtio = Records.read(runDir.resolve("virtio/environment.json"));
    assertEquals("virtio_blk", virtio.get("storage").get("driver").asText(), virtio.get("storage").toString());
    assertEquals("virtio_net", virtio.get("network").get("driver").asText());
    for (JsonNode guest : List.of(emulated, virtio)) {
      assertEquals(accel.equals("tcg") ? "qemu-tcg" : "kvm", guest.get("virtualization").get("kind").asText(),
          guest.get("virtualization").toString());
    }
    assertEquals("container", Records.read(runDir.resolve("container/environment.json"))
        .get("virtualization").get("kind").asText());
    assertEquals(hostKind, Records.read(runDir.resolve("host/environment.json")).get("virtualization").get("kind").asText());
    assertEquals("veth", Records.read(runDir.resolve("container/environment.json")).get("network").get("driver").asText());

    assertEquals(List.of(), LabLeftovers.of(manifest.get("runId").asText()), "nothing is left behind");
  }
}
