package io.virtpath.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.core.Json;
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
 * Seals environment.json: a change to the fingerprint's format must change
 * golden/environment.json (and docs/results-format.md, and the format version when it breaks
 * readers) on purpose. The sample is a real guest's fingerprint (a Firecracker KVM guest, from
 * analysis' lab-demo fixture), shortened; nulls stand where a detector found nothing.
 */
class FingerprintFormatTest {
  @TempDir Path dir;

  static Fingerprint sample() {
    Map<String, String> mitigations = new LinkedHashMap<>();
    mitigations.put("meltdown", "Not affected");
    mitigations.put("spec_store_bypass", "Vulnerable");
    mitigations.put("spectre_v2", "Mitigation: Retpolines; STIBP: disabled; RSB filling");
    return new Fingerprint(
        Fingerprint.FORMAT_VERSION,
        "2026-11-22T11:19:34Z",
        new Fingerprint.Virtualization(
            "kvm",
            "firecracker",
            List.of(
                "ACPI table OEM: FIRECK/FCVMDSDT (DSDT)",
                "/proc/cpuinfo flags: hypervisor",
                "available clocksources: tsc kvm-clock (kvm-clock: KVM paravirtual clock, so KVM is the"
                    + " accelerator)")),
        new Fingerprint.Host(
            "vm",
            "6.18.44-fc-v669",
            "Linux version 6.18.44-fc-v669 (builder@sandboxing) #1 SMP PREEMPT_DYNAMIC @0",
            "amd64",
            "AMD EPYC",
            2,
            25276502016L,
            "tsc",
            mitigations,
            "disabled"),
        new Fingerprint.Jvm(
            "Eclipse Adoptium", "25.0.3+9-LTS", "OpenJDK 64-Bit Server VM",
            List.of("--enable-native-access=ALL-UNNAMED")),
        new Fingerprint.Storage(
            "/tmp/vp-res/.scratch-20261122-111933-f6a9", "/", "ext4", "vda", "virtio_blk",
            "vendor 0x1af4 device 0x0002", "mq-deadline", true),
        new Fingerprint.NetworkPath("127.0.0.1:40619", "in-process", "lo", "loopback", null, "127.0.0.1"),
        List.of("network.mtu: cannot parse /sys/class/net/lo/mtu \"\""));
  }

  @Test
  void matchesTheGoldenFile() throws IOException {
    Path f = dir.resolve("environment.json");
    Json.write(f, sample());
    String actual = Files.readString(f, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("virtpath.updateGolden")) {
      // mvn test -Dvirtpath.updateGolden=true: rewrite on purpose, then review the diff
      Files.writeString(Path.of("src/test/resources/golden/environment.json"), actual);
    }
    assertEquals(golden("golden/environment.json"), actual);
  }

  @Test
  void readsBackEqual() throws IOException {
    Path f = dir.resolve("environment.json");
    Json.write(f, sample());
    assertEquals(sample(), Json.read(f, Fingerprint.class));
  }

  static String golden(String resource) throws IOException {
    try (InputStream in = FingerprintFormatTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
