package io.virtpath.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.core.Json;
import io.virtpath.lab.spec.SpecParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals lab.json: a change to its format must change golden/lab.json (and docs/results-format.md,
 * and the format version when it breaks readers) on purpose.
 */
class LabJsonFormatTest {
  @TempDir Path dir;

  static LabJson sample() throws IOException {
    Map<String, Object> devices = new LinkedHashMap<>();
    devices.put("accelerator", "tcg");
    devices.put("disk", "virtio-blk");
    devices.put("guestDiskDriver", "virtio_blk");
    devices.put("vhost", "unavailable");
    devices.put("vhostDetail", "/dev/vhost-net does not exist and the vhost_net module could not be loaded"
        + " (modprobe vhost_net: FATAL: Module vhost_net not found in directory /lib/modules/6.18.0);"
        + " a kernel built without CONFIG_VHOST_NET has no such module; QEMU itself moves the NIC's packets instead");
    LabJson lab = new LabJson(LabJson.FORMAT_VERSION, null, true, SpecParser.builtIn(), "built-in",
        new Accelerator("auto", "tcg", null,
            "KVM here is PVM (module kvm_pvm), a software hypervisor: stock guest kernels run emulated; /dev/kvm does not exist",
            false, 4.2E-4, null), "6.18.0", "QEMU emulator version 7.2.22",
        new LabJson.GuestKernel("6.1.0-41-amd64", "debian package linux-image-6.1.0-41-amd64"), List.of(), Map.of());
    return lab.withLabId("3fa2c1")
        .withRound(new LabJson.Round(1, List.of("virtio", "host")))
        .withTarget("virtio", new LabJson.TargetRunDetails("virtio", 1, "guest", 0, false, null, 612.3, 6.4, 3000,
            "ip netns exec vp-3fa2c1-lab qemu-system-x86_64 -name virtio", devices))
        .withTarget("host", new LabJson.TargetRunDetails("host", 1, "host", null, true,
            "timed out after 50 min (killed)", 3000.1, null, 3000, "ip netns exec vp-3fa2c1-host java", Map.of()));
  }

  @Test
  void matchesTheGoldenFile() throws IOException {
    Path f = dir.resolve("lab.json");
    Json.write(f, sample());
    String actual = Files.readString(f, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("virtpath.updateGolden")) {
      Files.writeString(Path.of("src/test/resources/golden/lab.json"), actual);
    }
    try (InputStream in = getClass().getResourceAsStream("/golden/lab.json")) {
      assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual);
    }
  }
}
