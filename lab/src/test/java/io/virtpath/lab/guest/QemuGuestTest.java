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
            .bootDir(tmp.resolve("boot"))
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

  /**
   * What the guest sees: none of the host's private places, none of the results folder beyond its
   * own share, whose path here holds $, ;, a backtick and a space. Meanwhile the host reads QEMU's
   * own credentials and seccomp state, and only then lets the job finish (no timing window).
   */
  @Test
  void guestSeesOnlyItsExportsWhileQemuRunsAsNobodyInItsSandbox() throws Exception {
    String name = "vpt-see-" + ProcessHandle.current().pid();
    Path folder = Files.createDirectories(tmp.resolve("res $HOME;`id` x"));
    Path other = Files.writeString(Files.createDirectories(folder.resolve("other-run")).resolve("secret.json"), "{}");
    Path staging = Files.createDirectories(folder.resolve(".work/" + name + "/results"));
    // Debian's own JDK, where installed: it reads its jvm.cfg through /etc/java-17-openjdk
    Path debianJava = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    String script =
        """
        { for p in /root/.cache /home /etc/shadow /etc/gshadow /etc/ssh /var /work /boot "$1" "$2"; do
            [ -e "$p" ] && echo "visible: $p"; done
          echo "root: [$(ls -A /root)]"
          cat /proc/mounts; } > /results/seen.txt
        [ -n "$3" ] && "$3" -version 2> /results/java.txt
        i=0; while [ ! -e /results/go ] && [ $i -lt 1800 ]; do sleep 0.1; i=$((i+1)); done
        [ -e /results/go ] && echo written > /results/done.txt
        """;
    GuestConfig c =
        GuestConfig.builder(name)
            .memoryMiB(512)
            .resultsShare(staging)
            .bootDir(folder.resolve(".work/" + name + "/boot"))
            .command(List.of("sh", "-c", script, "sh", folder.toString(), other.toString(),
                Files.isExecutable(debianJava) ? debianJava.toString() : ""))
            .timeout(Duration.ofSeconds(240))
            // inside the odd folder as in a lab (whose logs live in the results folder): this path
            // used to reach the kernel command line as the job's
            .logDir(folder.resolve(name + "/logs"))
            .build();
    String status;
    GuestResult r;
    try (QemuGuest g = QemuGuest.boot(c, TestImages.image())) {
      System.err.println("qemu: " + Shell.quote(g.commandLine()));
      assertEquals("nobody (uid 65534)", g.runsAs());
      assertEquals("on,obsolete=deny,elevateprivileges=allow,spawn=deny,resourcecontrol=deny", g.sandbox());
      // the guest writes seen.txt, then waits for "go": QEMU is running while we look
      Path seen = staging.resolve("seen.txt");
      long deadline = System.nanoTime() + Duration.ofSeconds(200).toNanos();
      while (!Files.exists(seen) && g.pid() > 0 && ProcessHandle.of(g.pid()).isPresent()
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      status = Files.readString(Path.of("/proc", Long.toString(g.pid()), "status"));
      Files.writeString(staging.resolve("go"), "");
      r = g.await();
    }
    assertNull(r.failure(), r.failure());
    assertEquals(0, r.exitCode());
    assertTrue(status.contains("\nUid:\t65534\t65534\t65534\t65534\n"), status);
    assertTrue(status.contains("\nGid:\t65534\t65534\t65534\t65534\n"), status);
    assertTrue(status.contains("\nSeccomp:\t2\n"), status);
    assertTrue(status.contains("\nCapEff:\t0000000000000000\n"), status);

    String seen = Files.readString(staging.resolve("seen.txt"));
    System.err.println(seen);
    assertFalse(seen.contains("visible:"), seen);
    assertTrue(seen.contains("root: []\n"), seen);
    assertTrue(seen.contains(" /usr 9p ro,"), seen);
    assertTrue(seen.contains(" /.vp/boot 9p ro,"), seen);
    assertTrue(seen.contains(" /results 9p rw,"), seen);
    assertTrue(seen.contains("vproot / tmpfs rw,"), seen);
    if (Files.isExecutable(debianJava)) {
      String java = Files.readString(staging.resolve("java.txt"));
      assertTrue(java.contains("\nopenjdk version \"17"), java);
    }
    // the job wrote its result through the share with the odd path
    assertEquals("written\n", Files.readString(staging.resolve("done.txt")));
    // ... and the share is the invoking user's again, with what the guest wrote in it
    assertEquals(0, Files.getAttribute(staging, "unix:uid"));
    assertEquals(0, Files.getAttribute(staging.resolve("done.txt"), "unix:uid"));
    assertEquals(List.of(), TestImages.qemuProcesses(name));
  }

  /** A JDK nobody cannot read fails before QEMU starts, and leaves the results share as it was. */
  @Test
  void anExportNobodyCannotReadStopsTheBootBeforeQemuStarts() throws Exception {
    String name = "vpt-private-" + ProcessHandle.current().pid();
    Path jdk = Files.createDirectories(tmp.resolve("opt/private-jdk/bin"));
    Files.setPosixFilePermissions(jdk.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    GuestConfig c =
        base(name).readOnly(List.of(jdk.getParent())).command(List.of("true"))
            .logDir(tmp.resolve("private-logs")).build();
    io.virtpath.core.UsageException e =
        org.junit.jupiter.api.Assertions.assertThrows(io.virtpath.core.UsageException.class,
            () -> QemuGuest.boot(c, TestImages.image()));
    assertTrue(e.getMessage().startsWith("directory " + jdk.getParent() + " is not readable by nobody"), e.getMessage());
    assertFalse(Files.exists(c.logDir().resolve("qemu.cmd")), "QEMU never started");
    assertEquals(0, Files.getAttribute(c.resultsShare(), "unix:uid"));
  }

  private GuestConfig.Builder base(String name) throws Exception {
    Path results = Files.createDirectories(tmp.resolve("results"));
    return GuestConfig.builder(name)
        .vcpus(2)
        .memoryMiB(1024)
        .accel("tcg")
        .resultsShare(results)
        .bootDir(tmp.resolve("boot"))
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
      System.err.println("vhost: " + g.vhost().describe());
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
