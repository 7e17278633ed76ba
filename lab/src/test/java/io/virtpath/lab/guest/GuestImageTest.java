package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("privileged")
class GuestImageTest {
  @Test
  void initramfsHoldsBusyboxInitAndModulesWithDependenciesInLoadOrder() throws Exception {
    GuestImage image = TestImages.image();
    assertTrue(Files.isRegularFile(image.kernel()), image.kernel().toString());
    assertTrue(
        image.source().equals("host /boot") || image.source().startsWith("debian package linux-image-"),
        image.source());
    assertTrue(image.initramfs().getFileName().toString().startsWith("initramfs-" + image.kernelVersion() + "-"));

    // The real cpio tool must read what Cpio wrote.
    String listing =
        Shell.run(
                List.of("sh", "-c", "gzip -dc \"$0\" | cpio -itv --quiet", image.initramfs().toString()),
                Duration.ofSeconds(60))
            .orThrow()
            .stdout();
    Map<String, String> entries = new java.util.HashMap<>();
    for (String line : listing.lines().toList()) {
      String[] f = line.strip().split("\\s+");
      entries.put(f[f.length - 1], line);
    }
    for (String e :
        List.of("init", "stage2", "bin/busybox", "etc/mods/base", "etc/mods/ide", "etc/mods/virtio-net",
            "lib/modules/ext4.ko", "lib/modules/jbd2.ko", "lib/modules/crc32c_generic.ko",
            "lib/modules/ata_piix.ko", "lib/modules/libata.ko", "lib/modules/scsi_mod.ko",
            "lib/modules/e1000.ko", "lib/modules/8139cp.ko", "lib/modules/mii.ko",
            "lib/modules/virtio_net.ko", "lib/modules/net_failover.ko", "lib/modules/9p.ko",
            "lib/modules/nvme.ko", "lib/modules/ahci.ko", "lib/modules/virtio_scsi.ko",
            "lib/modules/virtio_console.ko")) {
      assertTrue(entries.containsKey(e), "initramfs lacks " + e + ":\n" + listing);
    }
    assertTrue(entries.get("init").startsWith("-rwxr-xr-x"), entries.get("init"));
    assertTrue(entries.get("dev/console").matches("crw-------\\s+1 root\\s+root\\s+5,\\s+1 .*"),
        entries.get("dev/console"));
    assertTrue(entries.get("dev/null").startsWith("crw-rw-rw-"), entries.get("dev/null"));

    List<String> base = image.moduleGroups().get("base");
    assertBefore(base, "crc32c_generic", "ext4"); // the softdep modules.dep does not list
    assertBefore(base, "jbd2", "ext4");
    assertBefore(base, "mbcache", "ext4");
    assertBefore(base, "virtio_ring", "virtio_pci");
    assertBefore(base, "9pnet", "9pnet_virtio");
    // the agent's control channel, on every guest
    assertBefore(base, "virtio_ring", "virtio_console");
    List<String> ide = image.moduleGroups().get("ide");
    assertBefore(ide, "scsi_mod", "libata");
    assertBefore(ide, "libata", "ata_piix");
    assertBefore(ide, "scsi_mod", "sd_mod");
    assertBefore(image.moduleGroups().get("virtio-net"), "net_failover", "virtio_net");
    assertBefore(image.moduleGroups().get("rtl8139"), "mii", "8139cp");
    assertEquals(
        List.of("base", "ide", "ahci", "nvme", "virtio-blk", "virtio-scsi", "e1000", "rtl8139", "virtio-net"),
        List.copyOf(image.moduleGroups().keySet()));

    // The group file in the archive is the order the guest loads.
    String baseFile =
        Shell.run(
                List.of("sh", "-c", "gzip -dc \"$0\" | cpio -i --quiet --to-stdout etc/mods/base",
                    image.initramfs().toString()),
                Duration.ofSeconds(60))
            .orThrow()
            .stdout();
    assertEquals(base, baseFile.lines().toList());

    // Unchanged inputs: the cached archive is reused, not rebuilt.
    FileTime before = Files.getLastModifiedTime(image.initramfs());
    GuestImage again = GuestImage.prepare(TestImages.cacheDir(), line -> {});
    assertEquals(image.initramfs(), again.initramfs());
    assertEquals(before, Files.getLastModifiedTime(again.initramfs()));
  }

  @Test
  void busyboxIsStatic() throws IOException {
    byte[] elf = Files.readAllBytes(GuestImage.staticBusybox());
    assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, java.util.Arrays.copyOf(elf, 4));
  }

  private static void assertBefore(List<String> order, String first, String then) {
    int a = order.indexOf(first);
    int b = order.indexOf(then);
    assertTrue(a >= 0 && b >= 0 && a < b, first + " must load before " + then + " in " + order);
  }
}
