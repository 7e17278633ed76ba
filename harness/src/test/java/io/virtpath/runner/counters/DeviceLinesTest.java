package io.virtpath.runner.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceLinesTest {
  @Test
  void travelsAsOneProperty() {
    DeviceLines d = new DeviceLines("virtio_blk", Set.of("100", "36", "35"));
    assertEquals("virtio_blk:35,36,100", d.encode());
    assertEquals(d, DeviceLines.decode("p", d.encode()));
    assertNull(DeviceLines.decode("p", null));
    assertNull(DeviceLines.decode("p", ""));
  }

  @Test
  void badValuesNameTheProperty() {
    for (String bad : List.of("virtio_blk", "virtio_blk:", ":35", "virtio_blk:35,x", "a b:1")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceLines.decode("virtpath.counters.disk", bad));
      assertTrue(e.getMessage().contains("virtpath.counters.disk") || e.getMessage().contains("driver"), e.getMessage());
    }
  }

  @Test
  void configBecomesTheForksFlags() {
    CountersConfig c = new CountersConfig(new DeviceLines("virtio_blk", Set.of("36")), null, "vda");
    assertEquals(List.of("-Dvirtpath.counters.disk=virtio_blk:36", "-Dvirtpath.counters.blockdev=vda"), c.jvmArgs());
    assertThrows(IllegalArgumentException.class, () -> new CountersConfig(null, null, "../etc"));
  }
}
