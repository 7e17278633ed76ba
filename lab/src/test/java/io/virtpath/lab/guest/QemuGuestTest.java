package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.lab.proc.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real guests under TCG (the accelerator every machine has): boot, device drivers, results share,
 * scratch disk, network, exit code, timeout kill. Each boot takes about 10-25 s here.
 */
@Tag("privileged")
class QemuGuestTest {
  /**
   * Reports, into /results/report.txt: the drivers of the disk mounted on /scratch and of eth0
   * (walking up sysfs past the generic "sd"), the hostname, and a ping of the tap's address.
   */
  private static final String REPORT =
      """
      drv() { p=$(readlink -f "$1"); while [ "$p" != /sys ]; do
          if [ -e "$p/driver" ]; then n=$(basename "$(readlink "$p/driver")")
            case "$n" in sd) ;; *) echo "$n"; return ;; esac; fi
          p=${p%/*}; done; }
      dev=$(awk '$2=="/scratch"{print $1}' /proc/mounts); dev=${dev#/dev/}
      { echo "disk=$(drv /sys/block/$dev/device)"; echo "nic=$(drv /sys/class/net/eth0/device)"
        echo "host=$(hostname)"; } > /results/report.txt
      echo from-guest > /scratch/marker
      /bin/busybox ping -c 1 -W 10 10.77.0.1 >/dev/null && echo ping=ok >> /results/report.txt
      """;

  @TempDir Path tmp;

  @Test
  void emulatedGuestDrivesIdeWithAtaPiixAndE1000() throws Exception {
    String name = "vpt-emu-" + ProcessHandle.current().pid();
    List<String> phases = new CopyOnWriteArrayList<>();
    GuestResult r;
    try (TestNet net = TestNet.create()) {
      r = run(name, net, DiskModel.IDE, NicModel.E1000, REPORT + "exit 0\n", phases);
    }
    assertNull(r.failure(), r.failure());
    String report = Files.readString(tmp.resolve("results/report.txt"));
    assertEquals(0, r.exitCode());
    assertTrue(report.contains("disk=ata_piix\n"), report);
    assertTrue(report.contains("nic=e1000\n"), report);
    assertTrue(report.contains("host=" + name + "\n"), report);
    assertTrue(report.contains("ping=ok"), report);
    assertEquals("ata_piix", r.diskDriver());
    assertEquals("e1000", r.nicDriver());
    assertTrue(phases.containsAll(List.of("booting", "guest up", "running")), phases.toString());
    assertTrue(r.bootSeconds() > 0 && r.bootSeconds() < r.totalSeconds(), r.toString());
    assertScratchHoldsMarker();
    assertEquals(List.of(), TestImages.qemuProcesses(name));
    System.err.printf("emulated guest: job start after %.1f s, done after %.1f s%n",
        r.bootSeconds(), r.totalSeconds());
  }

  @Test
  void virtioGuestDrivesVirtioBlkAndVirtioNetAndRunsTheHostJdk() throws Exception {
    String name = "vpt-vio-" + ProcessHandle.current().pid();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String job =
        REPORT
            + "'" + java + "' -XshowSettings:properties -version 2>&1 | grep 'virtpath.accel = '"
            + " >> /results/report.txt\n"
            + "exit 7\n";
    GuestResult r;
    try (TestNet net = TestNet.create()) {
      r = run(name, net, DiskModel.VIRTIO_BLK, NicModel.VIRTIO_NET, job, new CopyOnWriteArrayList<>());
    }
    assertNull(r.failure(), r.failure());
    String report = Files.readString(tmp.resolve("results/report.txt"));
    assertEquals(7, r.exitCode(), "the guest command's exit code comes back");
    assertTrue(report.contains("disk=virtio_blk\n"), report);
    assertTrue(report.contains("nic=virtio_net\n"), report);
    assertTrue(report.contains("ping=ok"), report);
    // JAVA_TOOL_OPTIONS from the config's default env reached the guest's JVM
    assertTrue(report.contains("virtpath.accel = tcg"), report);
    assertEquals("virtio_blk", r.diskDriver());
    assertEquals("virtio_net", r.nicDriver());
    assertScratchHoldsMarker();
    assertEquals(List.of(), TestImages.qemuProcesses(name));
    System.err.printf("virtio guest: job start after %.1f s, done after %.1f s%n",
        r.bootSeconds(), r.totalSeconds());
  }

  /** The other spec models: the guest finds the disk and binds the expected drivers. */
  @ParameterizedTest
  @CsvSource({"AHCI,RTL8139", "NVME,", "VIRTIO_SCSI,"})
  void otherDeviceModelsBindTheirDrivers(DiskModel disk, NicModel nic) throws Exception {
    String name = "vpt-" + disk.specName() + "-" + ProcessHandle.current().pid();
    Path image = tmp.resolve("disk.img");
    DiskImage.create(image, 32L << 20);
    GuestConfig.Builder b =
        GuestConfig.builder(name)
            .disk(disk, image)
            .memoryMiB(1024)
            .command(List.of("true"))
            .timeout(Duration.ofSeconds(90))
            .logDir(Path.of("target", "guest-test-logs", name).toAbsolutePath());
    GuestResult r;
    try (TestNet net = nic == null ? null : TestNet.create()) {
      if (nic != null) {
        b.nic(nic, net.netns, TestNet.TAP, TestNet.GUEST_CIDR, TestNet.HOST_IP);
      }
      try (QemuGuest g = QemuGuest.boot(b.build(), TestImages.image())) {
        r = g.await();
      }
    }
    assertNull(r.failure(), r.failure());
    assertEquals(0, r.exitCode());
    assertEquals(disk.expectedDriver(), r.diskDriver());
    assertEquals(nic == null ? null : nic.expectedDriver(), r.nicDriver());
  }

  @Test
  void guestThatNeverFinishesIsKilledAtItsTimeout() throws Exception {
    String name = "vpt-hang-" + ProcessHandle.current().pid();
    GuestResult r;
    long start = System.nanoTime();
    String netns;
    try (TestNet net = TestNet.create()) {
      netns = net.netns;
      GuestConfig c =
          base(name)
              .nic(NicModel.E1000, net.netns, TestNet.TAP, TestNet.GUEST_CIDR, TestNet.HOST_IP)
              .command(List.of("sleep", "1000"))
              .timeout(Duration.ofSeconds(40))
              .build();
      try (QemuGuest g = QemuGuest.boot(c, TestImages.image())) {
        r = g.await();
      }
    }
    double took = (System.nanoTime() - start) / 1e9;
    System.err.println("hang: " + r.failure());
    assertTrue(r.timedOut());
    assertEquals(-1, r.exitCode());
    assertNotNull(r.failure());
    assertTrue(r.failure().startsWith("timed out after 40 s (killed); last console lines: "), r.failure());
    assertTrue(r.bootSeconds() > 0, "the job had started: " + r);
    assertTrue(took < 55, "took " + took + " s");
    assertTrue(Files.readString(r.consoleLog()).contains("VIRTPATH-JOB-START"));
    assertEquals(List.of(), TestImages.qemuProcesses(name));
    assertFalse(TestNet.exists(netns));
  }

  private GuestConfig.Builder base(String name) throws Exception {
    Path results = Files.createDirectories(tmp.resolve("results"));
    return GuestConfig.builder(name)
        .vcpus(2)
        .memoryMiB(1024)
        .accel("tcg")
        .resultsShare(results)
        // kept after the test (the console log is what explains a failure)
        .logDir(Path.of("target", "guest-test-logs", name).toAbsolutePath());
  }

  private GuestResult run(
      String name, TestNet net, DiskModel disk, NicModel nic, String script, List<String> phases)
      throws Exception {
    Path image = tmp.resolve("disk.img");
    DiskImage.create(image, 64L << 20);
    GuestConfig c =
        base(name)
            .disk(disk, image)
            .nic(nic, net.netns, TestNet.TAP, TestNet.GUEST_CIDR, TestNet.HOST_IP)
            .vhost(true)
            .command(List.of("sh", "-c", script))
            .timeout(Duration.ofSeconds(120))
            .build();
    try (QemuGuest g = QemuGuest.boot(c, TestImages.image(), phases::add)) {
      System.err.println("qemu: " + Shell.quote(g.commandLine()));
      System.err.println("vhost: active=" + g.vhostActive() + " (" + g.vhostDetail() + ")");
      return g.await();
    }
  }

  /** The guest wrote through /scratch into the very image the host gave it. */
  private void assertScratchHoldsMarker() throws Exception {
    String out =
        Shell.run(
                List.of(QemuArgs.tool("debugfs", "e2fsprogs"), "-R", "cat /marker",
                    tmp.resolve("disk.img").toString()),
                Duration.ofSeconds(30))
            .orThrow()
            .stdout();
    assertEquals("from-guest\n", out);
  }
}
