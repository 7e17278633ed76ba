package io.virtpath.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.lab.target.TargetRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the collector takes from a target's staging directory into the lab's record. */
class RecordCollectorTest {
  @Test
  void aGuestCannotForgeTheHostsCounters(@TempDir Path tmp) throws Exception {
    Path inner = Files.createDirectories(tmp.resolve("staging/20261201-000000-abcd/virtio"));
    Files.writeString(inner.resolve("metrics.json"), "{}\n");
    Files.writeString(inner.resolve("host-counters.json"), "{\"forged\": true}\n");
    Path record = tmp.resolve("run/virtio");
    RecordCollector.collect(tmp.resolve("staging"), record, "virtio",
        new TargetRun(0, false, null, 1.0, null, List.of(), Map.of()));
    assertTrue(Files.exists(record.resolve("metrics.json")));
    assertFalse(Files.exists(record.resolve("host-counters.json")), "only the lab writes it, after collecting");
    assertEquals(List.of("metrics.json"), Files.list(record).map(p -> p.getFileName().toString()).toList());
  }
}
