package io.virtpath.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.Json;
import io.virtpath.core.record.Fingerprint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprinterTest {
  @TempDir Path dir;

  @Test
  void kvmGuestEndToEnd() {
    RouteLookup toEth0 = (h, p, n) -> new Route("eth0", "10.0.2.15", 1500);
    Fingerprint f =
        new Fingerprinter(Machines.kvmGuest(dir).root, null, toEth0)
            .collect(Path.of("/var/tmp"), "10.0.2.2:7000", "vm-host");
    assertEquals(Fingerprint.FORMAT_VERSION, f.formatVersion());
    assertEquals("kvm", f.virtualization().kind());
    assertEquals("kvm-clock", f.host().clocksource());
    assertEquals("virtio_blk", f.storage().driver());
    assertEquals("virtio_net", f.network().driver());
    assertNotNull(f.jvm().version());
    assertEquals(List.of(), f.notes());
  }

  @Test
  void textViewIsGroupedAndAligned() {
    RouteLookup toEth0 = (h, p, n) -> new Route("eth0", "10.0.2.15", 1500);
    Fingerprint f =
        new Fingerprinter(Machines.tcgGuest(dir).root, null, toEth0)
            .collect(Path.of("/var/tmp"), null, null);
    String text = Fingerprinter.toText(f);
    List<String> lines = text.lines().toList();
    List<String> groups = lines.stream().filter(l -> !l.startsWith(" ")).toList();
    assertEquals(
        List.of("virtualization", "host", "jvm", "storage", "network", "notes", "collected"),
        groups);
    assertTrue(lines.contains("  kind:           qemu-tcg"), text);
    assertTrue(lines.contains("  driver:         ata_piix"), text);
    assertTrue(lines.contains("  note:           network: no peer given"), text);
    // every value starts in the same column
    int column = lines.get(1).indexOf("qemu-tcg");
    for (String l : lines) {
      if (l.startsWith(" ")) {
        assertEquals(' ', l.charAt(column - 1), l);
        assertTrue(l.charAt(column) != ' ', l);
      }
    }
  }

  @Test
  void nothingGivenAndEmptyRoot() {
    Fingerprint f = new Fingerprinter(dir).collect(null, null, null);
    assertNull(f.storage());
    assertNull(f.network());
    assertEquals("none", f.virtualization().kind());
    assertTrue(f.notes().contains("storage: no scratch directory given"));
    assertTrue(f.notes().stream().anyMatch(n -> n.startsWith("host.hostname unknown")));
  }

  @Test
  void survivesJsonRoundTrip() throws Exception {
    RouteLookup lo = (h, p, n) -> new Route("lo", "127.0.0.1", 65536);
    Fingerprint f =
        new Fingerprinter(Machines.docker(dir).root, null, lo)
            .collect(Path.of("/var/tmp"), "127.0.0.1:9", "loopback");
    Fingerprint back = Json.mapper().readValue(Json.toString(f), Fingerprint.class);
    assertEquals(f, back);
  }

  @Test
  void realMachine(@TempDir Path scratch) {
    Fingerprint f = new Fingerprinter(Path.of("/")).collect(scratch, "127.0.0.1:9", "loopback");
    assertNotNull(f.host());
    assertNotNull(f.host().kernel());
    assertNotNull(f.jvm());
    assertNotNull(f.jvm().vendor());
    assertNotNull(f.storage().filesystem());
    assertEquals("127.0.0.1", f.network().sourceAddress());
    assertNotNull(Fingerprinter.toText(f));
  }
}
