package io.virtpath.lab.guest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The device model of the guest's disk under test: what QEMU emulates, which guest modules drive
 * it, and which guest driver must end up bound (the fingerprint reports it; the lab checks it).
 */
public enum DiskModel {
  /** PIIX3 IDE controller of the i440FX "pc" machine: fully emulated, one PIO/DMA exit per op. */
  IDE("ide", List.of("ata_piix", "sd_mod"), "ata_piix"),
  /** ICH9 AHCI (SATA) controller: emulated, but queued commands through memory. */
  AHCI("ahci", List.of("ahci", "sd_mod"), "ahci"),
  /** Emulated NVMe controller: emulated, but a modern queue-pair interface. */
  NVME("nvme", List.of("nvme"), "nvme"),
  /** Paravirtual block device. */
  VIRTIO_BLK("virtio-blk", List.of("virtio_blk"), "virtio_blk"),
  /** Paravirtual SCSI host adapter with a SCSI disk behind it. */
  VIRTIO_SCSI("virtio-scsi", List.of("virtio_scsi", "sd_mod"), "virtio_scsi");

  private final String specName;
  private final List<String> modules;
  private final String expectedDriver;

  DiskModel(String specName, List<String> modules, String expectedDriver) {
    this.specName = specName;
    this.modules = modules;
    this.expectedDriver = expectedDriver;
  }

  /** The name used in lab specs and on the guest kernel command line. */
  public String specName() {
    return specName;
  }

  /** Guest kernel modules to load (their dependencies are resolved from modules.dep). */
  public List<String> modules() {
    return modules;
  }

  /**
   * The guest driver that moves the disk's data: the first driver found walking up from the block
   * device in sysfs, skipping the generic SCSI disk driver "sd".
   */
  public String expectedDriver() {
    return expectedDriver;
  }

  /** QEMU arguments attaching {@code image} with this model (drive id "d0"). */
  public List<String> qemuArgs(Path image, String cache, String aio) {
    String file = "file=" + QemuArgs.escape(image.toAbsolutePath().toString()) + ",format=raw";
    String modes = ",cache=" + cache + ",aio=" + aio;
    List<String> args = new ArrayList<>();
    if (this == IDE) {
      // if=ide puts the disk on the machine's own PIIX controller (primary master).
      args.addAll(List.of("-drive", file + ",if=ide,index=0,media=disk" + modes));
      return args;
    }
    args.addAll(List.of("-drive", file + ",if=none,id=d0" + modes));
    switch (this) {
      case AHCI ->
          args.addAll(List.of("-device", "ahci,id=ahci0", "-device", "ide-hd,drive=d0,bus=ahci0.0"));
      case NVME -> args.addAll(List.of("-device", "nvme,drive=d0,serial=vp0001"));
      case VIRTIO_BLK -> args.addAll(List.of("-device", "virtio-blk-pci,drive=d0"));
      case VIRTIO_SCSI ->
          args.addAll(
              List.of(
                  "-device", "virtio-scsi-pci,id=scsi0", "-device", "scsi-hd,drive=d0,bus=scsi0.0"));
      default -> throw new AssertionError(this);
    }
    return args;
  }

  /** The model with this spec name, or IllegalArgumentException listing the allowed names. */
  public static DiskModel fromSpec(String name) {
    for (DiskModel m : values()) {
      if (m.specName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown disk model '" + name + "': allowed are " + specNames());
  }

  public static String specNames() {
    return Arrays.stream(values()).map(DiskModel::specName).collect(Collectors.joining(", "));
  }
}
