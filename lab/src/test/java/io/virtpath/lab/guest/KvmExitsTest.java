package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KVM's debugfs statistics, from a fake tree. */
class KvmExitsTest {
  private static void stat(Path kvm, String vm, String name, long value) throws Exception {
    Files.createDirectories(kvm.resolve(vm));
    Files.writeString(kvm.resolve(vm).resolve(name), value + "\n");
  }

  @Test
  void exitCountsOfThisQemusVms(@TempDir Path kvm) throws Exception {
    stat(kvm, "1000-11", "exits", 500);
    stat(kvm, "1000-11", "io_exits", 120);
    stat(kvm, "1000-11", "mmio_exits", 30);
    stat(kvm, "1000-11", "halt_wakeup", 9); // not an exit count
    stat(kvm, "10001-12", "exits", 7777); // another QEMU whose pid starts the same
    KvmExits k = new KvmExits(kvm, 1000);
    assertEquals(Map.of("exits", 500L, "io_exits", 120L, "mmio_exits", 30L), k.read());
    assertTrue(k.availability("kvm").available());
  }

  @Test
  void tcgHasNone(@TempDir Path kvm) {
    KvmExits.Availability a = new KvmExits(kvm, 1000).availability("tcg");
    assertFalse(a.available());
    assertEquals("not available: TCG (QEMU emulates the CPU; there are no KVM exits)", a.reason());
  }

  @Test
  void debugfsNotMounted(@TempDir Path debug) {
    KvmExits.Availability a = new KvmExits(debug.resolve("kvm"), 1000).availability("kvm");
    assertFalse(a.available());
    assertTrue(a.reason().startsWith("not available: debugfs is not mounted at " + debug), a.reason());
  }

  @Test
  void noVmOfThisQemu(@TempDir Path kvm) throws Exception {
    stat(kvm, "999-1", "exits", 1);
    assertFalse(new KvmExits(kvm, 1000).availability("kvm").available());
  }
}
