package io.virtpath.runner.counters;

import static io.virtpath.runner.counters.Resources.EMULATED;
import static io.virtpath.runner.counters.Resources.FIRECRACKER;
import static io.virtpath.runner.counters.Resources.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fake roots laid out as sysfs lays out each kind of device. */
class DeviceIrqsTest {
  @TempDir Path root;

  private void file(String rel, String content) throws IOException {
    Files.createDirectories(root.resolve(rel).getParent());
    Files.writeString(root.resolve(rel), content);
  }

  /** sys/class/KIND/NAME links to the device directory, relative as in sysfs. */
  private void device(String classLink, String devicePath) throws IOException {
    Path target = root.resolve(devicePath);
    Files.createDirectories(target);
    Path link = root.resolve(classLink);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, link.getParent().relativize(target));
  }

  @Test
  void virtioPciListsItsMsixLines() throws IOException {
    file("proc/interrupts", text(FIRECRACKER, "interrupts"));
    device("sys/class/block/vda", "sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda");
    file("sys/devices/pci0000:00/0000:00:02.0/msi_irqs/35", "msix\n");
    file("sys/devices/pci0000:00/0000:00:02.0/msi_irqs/36", "msix\n");
    device("sys/class/net/eth0", "sys/devices/pci0000:00/0000:00:03.0/virtio2/net/eth0");
    file("sys/devices/pci0000:00/0000:00:03.0/msi_irqs/37", "msix\n");
    file("sys/devices/pci0000:00/0000:00:03.0/msi_irqs/38", "msix\n");
    file("sys/devices/pci0000:00/0000:00:03.0/msi_irqs/39", "msix\n");

    DeviceIrqs irqs = new DeviceIrqs(root);
    assertEquals(new DeviceLines("virtio_blk", Set.of("35", "36")), irqs.disk("vda", "virtio_blk"));
    assertEquals(new DeviceLines("virtio_net", Set.of("37", "38", "39")), irqs.nic("eth0", "virtio_net"));
  }

  @Test
  void virtioMmioIsFoundByItsHandlerName() throws IOException {
    // Firecracker's and microvm's transport: no msi_irqs, no irq file, one line per device
    file("proc/interrupts", """
                   CPU0       CPU1
          5:       1234          0   IO-APIC   5-edge      virtio0
          6:         10         20   IO-APIC   6-edge      virtio10
        LOC:        100        100   Local timer interrupts
        """);
    device("sys/class/block/vda", "sys/devices/platform/virtio-mmio.0/virtio0/block/vda");
    assertEquals(new DeviceLines("virtio_blk", Set.of("5")), new DeviceIrqs(root).disk("vda", "virtio_blk"));
  }

  @Test
  void legacyIdeAndSharedIntxLines() throws IOException {
    file("proc/interrupts", text(EMULATED, "interrupts"));
    // ata_piix in legacy mode uses ISA lines 14 and 15; its PCI function's irq file says 0
    device("sys/class/block/sda", "sys/devices/pci0000:00/0000:00:01.1/ata1/host0/target0:0:0/0:0:0:0/block/sda");
    file("sys/devices/pci0000:00/0000:00:01.1/irq", "0\n");
    device("sys/class/net/eth0", "sys/devices/pci0000:00/0000:00:03.0/net/eth0");
    file("sys/devices/pci0000:00/0000:00:03.0/irq", "11\n");

    DeviceIrqs irqs = new DeviceIrqs(root);
    assertEquals(new DeviceLines("ata_piix", Set.of("14", "15")), irqs.disk("sda", "ata_piix"));
    assertEquals(new DeviceLines("e1000", Set.of("11")), irqs.nic("eth0", "e1000"));
  }

  @Test
  void devicesWithoutLinesGiveNothing() throws IOException {
    file("proc/interrupts", text(FIRECRACKER, "interrupts"));
    device("sys/class/net/lo", "sys/devices/virtual/net/lo");
    device("sys/class/net/veth0", "sys/devices/virtual/net/veth0");
    DeviceIrqs irqs = new DeviceIrqs(root);
    assertNull(irqs.nic("lo", null)); // the fingerprint has no driver for loopback
    assertNull(irqs.nic("veth0", "veth"));
    assertNull(irqs.nic("eth9", "virtio_net")); // not on this machine
  }

  @Test
  void handlerNamesMatchWholeDeviceNames() {
    assertTrue(DeviceIrqs.namedAfter("virtio1-req.0", Set.of("virtio1")));
    assertFalse(DeviceIrqs.namedAfter("virtio10-req.0", Set.of("virtio1")));
    assertTrue(DeviceIrqs.namedAfter("nvme0q3", Set.of("nvme0")));
    assertTrue(DeviceIrqs.namedAfter("ahci[0000:00:1f.2]", Set.of("ahci")));
    assertTrue(DeviceIrqs.namedAfter("uhci_hcd:usb1, eth0", Set.of("eth0")));
    assertFalse(DeviceIrqs.namedAfter("eth1", Set.of("eth0")));
  }
}
