package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.lab.proc.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command lines, job scripts and config checks, without booting anything. */
class QemuCommandLineTest {
  @TempDir Path tmp;

  private GuestConfig.Builder guest(DiskModel disk, NicModel nic) {
    GuestConfig.Builder b =
        GuestConfig.builder("vp-x").logDir(tmp.resolve("log")).command(List.of("true"));
    if (disk != null) {
      b.disk(disk, tmp.resolve("d,isk.img"));
    }
    if (nic != null) {
      b.nic(nic, "vplab-1", "tap0", "10.77.0.3/24", "10.77.0.1");
    }
    return b;
  }

  private List<String> cmd(GuestConfig c, boolean vhost) throws Exception {
    return QemuGuest.commandLine(
        c, Path.of("/k/vmlinuz"), Path.of("/k/initrd"), QemuGuest.Mode.RUN, vhost, tmp.resolve("log/job.sh"));
  }

  @Test
  void everyDiskModelAttachesTheImageAsDriveD0() throws Exception {
    Map<DiskModel, String> devices =
        Map.of(
            DiskModel.AHCI, "ahci,id=ahci0 ide-hd,drive=d0,bus=ahci0.0",
            DiskModel.NVME, "nvme,drive=d0,serial=vp0001",
            DiskModel.VIRTIO_BLK, "virtio-blk-pci,drive=d0",
            DiskModel.VIRTIO_SCSI, "virtio-scsi-pci,id=scsi0 scsi-hd,drive=d0,bus=scsi0.0");
    String file = "file=" + tmp.resolve("d,,isk.img") + ",format=raw";
    for (DiskModel m : DiskModel.values()) {
      List<String> c = cmd(guest(m, null).cache("writeback").aio("io_uring").build(), false);
      String drive = c.get(c.indexOf("-drive") + 1);
      String devs = String.join(" ", c.stream().filter(a -> a.matches(".*(drive=d0|ahci0|scsi0).*") && !a.startsWith("file=")).toList());
      if (m == DiskModel.IDE) {
        assertEquals(file + ",if=ide,index=0,media=disk,cache=writeback,aio=io_uring", drive);
        assertEquals("", devs);
      } else {
        assertEquals(file + ",if=none,id=d0,cache=writeback,aio=io_uring", drive);
        assertEquals(devices.get(m), devs);
      }
      assertTrue(c.contains("-nic") && !c.contains("-netdev"), c.toString());
      assertTrue(c.getFirst().endsWith("/qemu-system-x86_64"), c.getFirst());
      assertTrue(c.getLast().contains(" vp.disk=" + m.specName() + " vp.nic=none "), c.getLast());
    }
  }

  @Test
  void nicRunsInTheNetnsWithVhostOnlyWhenAskedAndUsable() throws Exception {
    List<String> c = cmd(guest(null, NicModel.VIRTIO_NET).build(), true);
    assertEquals(List.of("netns", "exec", "vplab-1"), c.subList(1, 4));
    assertTrue(c.get(4).endsWith("qemu-system-x86_64"));
    assertTrue(c.contains("tap,id=n0,ifname=tap0,script=no,downscript=no,vhost=on"), c.toString());
    assertTrue(c.contains("virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56,romfile="), c.toString());
    assertTrue(c.getLast().contains("vp.ip=10.77.0.3/24 vp.peer=10.77.0.1"), c.getLast());

    List<String> e = cmd(guest(null, NicModel.RTL8139).build(), false);
    assertTrue(e.contains("tap,id=n0,ifname=tap0,script=no,downscript=no"), e.toString());
    assertTrue(e.contains("rtl8139,netdev=n0,mac=52:54:00:12:34:56,romfile="), e.toString());
  }

  @Test
  void kvmUsesTheHostCpuAndTcgTheDefault() throws Exception {
    List<String> kvm = cmd(guest(null, null).accel("kvm").build(), false);
    assertEquals("host", kvm.get(kvm.indexOf("-cpu") + 1));
    assertEquals("kvm", kvm.get(kvm.indexOf("-accel") + 1));
    assertFalse(cmd(guest(null, null).build(), false).contains("-cpu"));
  }

  @Test
  void jobScriptRunsTheCommandVerbatimWithTheEnvironment() throws Exception {
    GuestConfig c =
        guest(null, null)
            .command(List.of("sh", "-c", "printf '%s|' \"$A\" \"$B\" \"$JAVA_TOOL_OPTIONS\"; echo; exit 3"))
            .env(Map.of("A", "it's $HOME", "B", ""))
            .build();
    Path job = Files.writeString(tmp.resolve("job.sh"), QemuGuest.jobScript(c));
    Shell.Result r = Shell.run(List.of("sh", job.toString()), Duration.ofSeconds(10));
    assertEquals(3, r.exit());
    assertEquals("it's $HOME||-Dvirtpath.accel=tcg|\n", r.stdout());
  }

  @Test
  void configRejectsWhatQemuWouldRefuseAndKeepsTheAccelInJavaToolOptions() {
    assertThrows(IllegalArgumentException.class, () -> guest(null, null).aio("native").cache("writeback").build());
    assertThrows(IllegalArgumentException.class, () -> guest(null, null).cache("fast").build());
    assertThrows(IllegalArgumentException.class, () -> GuestConfig.builder("bad name").logDir(tmp).build());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DiskModel.fromSpec("scsi"));
    assertEquals("unknown disk model 'scsi': allowed are ide, ahci, nvme, virtio-blk, virtio-scsi", e.getMessage());
    assertEquals(NicModel.RTL8139, NicModel.fromSpec("rtl8139"));
    GuestConfig c =
        guest(null, null).accel("kvm").env(Map.of("JAVA_TOOL_OPTIONS", "-Xss2m")).build();
    assertEquals("-Xss2m -Dvirtpath.accel=kvm", c.env().get("JAVA_TOOL_OPTIONS"));
  }
}
