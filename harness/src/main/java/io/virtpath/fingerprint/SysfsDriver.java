package io.virtpath.fingerprint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Finds the kernel driver that moves the bytes for a sysfs device, by walking up its real path in
 * /sys/devices until a directory has a {@code driver} link.
 *
 * <p>The walk is what makes SCSI disks honest: /sys/block/sda/device is the SCSI LUN, bound to
 * "sd", the generic disk driver that every SCSI, SATA, USB and virtio-scsi disk shares. The adapter
 * that defines the path (ata_piix, ahci, virtio_scsi, mptspi ...) sits further up. nvme namespaces
 * need the walk too: the controller has no driver link, its PCI function does.
 */
final class SysfsDriver {
  /** Upper-level SCSI drivers: they say "disk", "cdrom", "tape", not how the data travels. */
  private static final Set<String> SCSI_UPPER = Set.of("sd", "sr", "st", "ses", "ch", "sg");

  private SysfsDriver() {}

  /**
   * @param start a real path inside {@code <root>/sys/devices}
   * @param sysDevices the real {@code <root>/sys/devices}: the walk never leaves it
   * @return the driver's name, or null for virtual devices (loop, zram, dm, veth ...)
   */
  static String adapterDriver(Path start, Path sysDevices) {
    for (Path d = start; d != null && d.startsWith(sysDevices); d = d.getParent()) {
      String driver = driverOf(d);
      if (driver != null && !SCSI_UPPER.contains(driver)) {
        return driver;
      }
    }
    return null;
  }

  /** Name of the {@code driver} link's target ("../../../bus/virtio/drivers/virtio_blk"). */
  static String driverOf(Path dir) {
    Path link = dir.resolve("driver");
    if (!Files.isSymbolicLink(link)) {
      return null;
    }
    try {
      Path target = Files.readSymbolicLink(link).getFileName();
      return target == null ? null : target.toString();
    } catch (java.io.IOException | SecurityException e) {
      return null;
    }
  }
}
