package io.virtpath.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.record.Fingerprint.Storage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageDetectorTest {
  @TempDir Path dir;
  private final List<String> notes = new ArrayList<>();

  private Storage detect(FixtureTree t, String scratch) {
    return new StorageDetector(new RootFs(t.root), notes).detect(Path.of(scratch));
  }

  private void assertNote(String fragment) {
    assertTrue(
        notes.stream().anyMatch(n -> n.contains(fragment)),
        () -> "no note containing \"" + fragment + "\" in " + notes);
  }

  @Test
  void virtioBlkPartitionResolvesToItsDisk() {
    Storage s = detect(Machines.kvmGuest(dir), "/var/tmp");
    assertEquals("/var/tmp", s.path());
    assertEquals("/", s.mountPoint());
    assertEquals("ext4", s.filesystem());
    assertEquals("vda", s.device());
    assertEquals("virtio_blk", s.driver());
    assertEquals("vendor 0x1af4 device 0x0002", s.model());
    assertEquals("mq-deadline", s.scheduler());
    assertEquals(Boolean.TRUE, s.rotational());
  }

  @Test
  void ideDiskReportsTheHostAdapterNotTheScsiDiskDriver() {
    Storage s = detect(Machines.tcgGuest(dir), "/var/tmp");
    assertEquals("sda", s.device());
    assertEquals("ata_piix", s.driver());
    assertEquals("QEMU HARDDISK", s.model());
    assertEquals("mq-deadline", s.scheduler());
  }

  @Test
  void sataOnAhci() {
    Storage s = detect(Machines.bareMetal(dir), "/home/u");
    assertEquals("sda", s.device());
    assertEquals("ahci", s.driver());
    assertEquals("SAMSUNG MZ7LH480", s.model());
    assertEquals(Boolean.FALSE, s.rotational());
  }

  @Test
  void virtioScsiDisk() {
    FixtureTree t = Machines.kvmGuest(dir);
    String virtio = Machines.PCI + "/0000:00:05.0/virtio2";
    String lun = virtio + "/host2/target2:0:0/2:0:0:0";
    t.disk(lun + "/block/sdb", "8:16", "[none] mq-deadline", "1")
        .linkTo(lun.substring(1) + "/block/sdb/device", lun)
        .driver(lun, "scsi", "sd")
        .driver(virtio, "virtio", "virtio_scsi")
        .file(lun.substring(1) + "/model", "QEMU HARDDISK\n")
        .mountinfo(
            FixtureTree.mount("252:1", "/", "ext4", "/dev/vda1"),
            FixtureTree.mount("8:16", "/data", "xfs", "/dev/sdb"));
    Storage s = detect(t, "/data/scratch");
    assertEquals("/data", s.mountPoint());
    assertEquals("xfs", s.filesystem());
    assertEquals("sdb", s.device());
    assertEquals("virtio_scsi", s.driver());
    assertEquals("none", s.scheduler());
  }

  @Test
  void nvmeNamespaceFindsTheDriverOnThePciFunction() {
    FixtureTree t = Machines.bareMetal(dir);
    String ctrl = Machines.PCI + "/0000:00:06.0/nvme/nvme0";
    String disk = ctrl + "/nvme0n1";
    t.disk(disk, "259:0", "[none] mq-deadline kyber bfq", "0")
        .partition(disk, "nvme0n1p1", "259:1")
        .linkTo(disk.substring(1) + "/device", ctrl)
        .file(ctrl.substring(1) + "/model", "Samsung SSD 980 PRO 1TB                 \n")
        .driver(Machines.PCI + "/0000:00:06.0", "pci", "nvme")
        .mountinfo(FixtureTree.mount("259:1", "/", "ext4", "/dev/nvme0n1p1"));
    Storage s = detect(t, "/var/tmp");
    assertEquals("nvme0n1", s.device());
    assertEquals("nvme", s.driver());
    assertEquals("Samsung SSD 980 PRO 1TB", s.model());
  }

  @Test
  void tmpfsHasNoDevice() {
    FixtureTree t =
        Machines.kvmGuest(dir)
            .mountinfo(
                FixtureTree.mount("252:1", "/", "ext4", "/dev/vda1"),
                FixtureTree.mount("0:25", "/tmp", "tmpfs", "tmpfs"));
    Storage s = detect(t, "/tmp/virtpath");
    assertEquals("/tmp", s.mountPoint());
    assertEquals("tmpfs", s.filesystem());
    assertNull(s.device());
    assertNull(s.driver());
    assertNull(s.scheduler());
    assertNote("memory-backed");
  }

  @Test
  void overlayRootInAContainerHasNoDevice() {
    Storage s = detect(Machines.docker(dir), "/var/tmp");
    assertEquals("overlay", s.filesystem());
    assertNull(s.device());
    assertNote("upper layer");
  }

  @Test
  void escapedSpacesInMountPoints() {
    FixtureTree t = Machines.tcgGuest(dir);
    String lun = Machines.PCI + "/0000:00:01.1/ata1/host0/target0:0:1/0:0:1:0";
    String disk = lun + "/block/sdb";
    t.disk(disk, "8:16", "[bfq] none", "1")
        .partition(disk, "sdb1", "8:17")
        .driver(lun, "scsi", "sd")
        .mountinfo(
            FixtureTree.mount("8:1", "/", "ext4", "/dev/sda1"),
            FixtureTree.mount("8:1", "/mnt/my", "ext4", "/dev/sda1"),
            FixtureTree.mount("8:17", "/mnt/my\\040disk", "ext4", "/dev/sdb1"));
    Storage s = detect(t, "/mnt/my disk/scratch");
    assertEquals("/mnt/my disk", s.mountPoint());
    assertEquals("sdb", s.device());
    assertEquals("ata_piix", s.driver());
    assertEquals("bfq", s.scheduler());
  }

  @Test
  void btrfsAnonymousDeviceFallsBackToTheSource() {
    FixtureTree t =
        Machines.bareMetal(dir).mountinfo(FixtureTree.mount("0:45", "/", "btrfs", "/dev/sda2"));
    Storage s = detect(t, "/var/tmp");
    assertEquals("btrfs", s.filesystem());
    assertEquals("sda", s.device());
    assertEquals("ahci", s.driver());
  }

  @Test
  void deviceMapperFollowsItsSlave() {
    FixtureTree t = Machines.kvmGuest(dir);
    String dm = "/sys/devices/virtual/block/dm-0";
    t.disk(dm, "253:0", "[none]", "0")
        .linkTo(
            dm.substring(1) + "/slaves/vda1", Machines.PCI + "/0000:00:04.0/virtio1/block/vda/vda1")
        .mountinfo(FixtureTree.mount("253:0", "/", "ext4", "/dev/mapper/vg-root"));
    Storage s = detect(t, "/var/tmp");
    assertEquals("dm-0", s.device());
    assertEquals("virtio_blk", s.driver());
    assertNote("dm-0 is stacked on vda1");
  }

  @Test
  void loopDeviceHasNoDriverAndNamesItsBackingFile() {
    FixtureTree t = Machines.kvmGuest(dir);
    String loop = "/sys/devices/virtual/block/loop0";
    t.disk(loop, "7:0", "[none]", "0")
        .file(loop.substring(1) + "/loop/backing_file", "/var/lib/images/disk.img\n")
        .mountinfo(FixtureTree.mount("7:0", "/", "ext4", "/dev/loop0"));
    Storage s = detect(t, "/x");
    assertEquals("loop0", s.device());
    assertNull(s.driver());
    assertNote("backed by the file /var/lib/images/disk.img");
  }

  @Test
  void scratchSymlinkIsResolvedInsideTheRoot() {
    FixtureTree t =
        Machines.kvmGuest(dir)
            .dir("data/scratch")
            .link("scratch", "data/scratch")
            .mountinfo(
                FixtureTree.mount("252:1", "/", "ext4", "/dev/vda1"),
                FixtureTree.mount("0:30", "/data", "tmpfs", "tmpfs"));
    Storage s = detect(t, "/scratch");
    assertEquals("/data/scratch", s.path());
    assertEquals("tmpfs", s.filesystem());
  }

  @Test
  void missingMountinfoGivesNullsAndANote() {
    Storage s = detect(new FixtureTree(dir), "/var/tmp");
    assertEquals("/var/tmp", s.path());
    assertNull(s.filesystem());
    assertNote("cannot read /proc/self/mountinfo (missing)");
  }

  @Test
  void missingSysfsEntryGivesANote() {
    FixtureTree t =
        new FixtureTree(dir).mountinfo(FixtureTree.mount("8:1", "/", "ext4", "/dev/sda1"));
    Storage s = detect(t, "/var/tmp");
    assertEquals("ext4", s.filesystem());
    assertNull(s.device());
    assertNote("cannot read /sys/dev/block/8:1 (missing)");
  }
}
