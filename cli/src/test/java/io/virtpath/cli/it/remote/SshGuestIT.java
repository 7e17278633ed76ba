package io.virtpath.cli.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.lab.guest.DiskModel;
import io.virtpath.lab.guest.NicModel;
import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fixture for virtpath remote's "lab QEMU guest reached over ssh": a real sshd in a lab guest,
 * reached with the real ssh client from the controller namespace, with the NIC and disk it was
 * given, its scratch on the disk under test; and nothing of it left after close, also when the
 * boot fails half-way.
 */
@Tag("privileged")
class SshGuestIT {
  private static final Duration SSH = Duration.ofMinutes(2);

  @TempDir Path work;

  /** The paravirtual pair (the brief's case) and the emulated one, as virtpath remote's e2e run has both. */
  @ParameterizedTest
  @CsvSource({"VIRTIO_NET, VIRTIO_BLK", "E1000, IDE"})
  void aGuestAnswersOverSshWithItsDriversAndScratchAndLeavesNothing(NicModel nic, DiskModel disk) throws Exception {
    Path logs = Path.of("target/it-logs/ssh-guest-" + nic.specName() + "-" + disk.specName());
    String netns;
    String tap;
    String name;
    long qemu;
    Path files;
    try (SshGuest g = SshGuest.boot(work, logs, nic, disk)) {
      System.err.println("[SshGuestIT] " + g.uri() + " ready " + g.readySeconds() + " s after QEMU started");
      netns = g.controllerNetns();
      tap = g.tap();
      name = g.guestName();
      qemu = g.qemuPid();
      files = g.files();
      assertTrue(g.uri().matches("ssh://root@10\\.77\\.0\\.\\d+:22"), g.uri());
      assertTrue(Files.readString(g.clientConfig()).contains("BatchMode yes"));

      assertEquals(g.kernelVersion(), ok(g, "uname -r").strip(), "the lab's guest kernel answers");
      assertEquals("root", ok(g, "id -un").strip());
      assertEquals(nic.expectedDriver(),
          ok(g, "basename \"$(readlink /sys/class/net/eth0/device/driver)\"").strip(), "eth0's driver");
      assertTrue(ok(g, "ip route get " + g.controllerIp()).contains("dev eth0"), "the controller is reached over eth0");

      // the scratch: on the disk under test (ext4, that model's driver), and O_DIRECT works there
      String df = ok(g, "df -P -T " + g.scratch()).lines().toList().getLast();
      System.err.println("[SshGuestIT] df " + g.scratch() + ": " + df);
      String[] f = df.split("\\s+");
      assertEquals("ext4", f[1], df);
      assertEquals("/scratch", f[6], df);
      String dev = f[0].substring("/dev/".length());
      assertEquals(disk.expectedDriver(), ok(g, mainDriver("/sys/block/" + dev + "/device")).strip(),
          "the scratch disk's driver");
      ok(g, "dd if=/dev/zero of=" + g.scratch() + "/odirect bs=4096 count=16 oflag=direct status=none && rm "
          + g.scratch() + "/odirect");

      // present while it runs, so that their absence below means something
      assertTrue(Shell.run(SSH, "ip", "-n", netns, "link", "show", tap).ok(), tap + " in " + netns);
      assertTrue(ProcessHandle.of(qemu).isPresent());
      assertTrue(Files.isDirectory(files));
    }
    assertFalse(ProcessHandle.of(qemu).map(ProcessHandle::isAlive).orElse(false), "QEMU is gone");
    assertEquals(List.of(), qemuProcesses(name));
    assertFalse(namespaces().contains(netns), netns + " is gone");
    assertFalse(Shell.run(SSH, "ip", "link", "show", tap).ok(), "no " + tap + " in the initial namespace");
    assertFalse(Files.exists(files), files + " is gone");
  }

  @Test
  void aBootThatFailsHalfWayLeavesNothing() throws Exception {
    // only SshGuest's own namespaces (vp-sg...): other fixtures may come and go meanwhile
    List<String> namespacesBefore = namespaces().stream().filter(n -> n.startsWith("vp-sg")).toList();
    // A zero limit: QEMU, namespace, tap and files all exist when the wait gives up at its first look.
    IOException e = assertThrows(IOException.class, () -> SshGuest.boot(
        work, Path.of("target/it-logs/ssh-guest-failed"), NicModel.E1000, DiskModel.IDE, Duration.ZERO));
    assertTrue(e.getMessage().contains("did not listen within 0 s"), e.getMessage());
    assertEquals(0, e.getSuppressed().length, () -> "cleanup: " + e.getSuppressed()[0]);
    assertEquals(List.of(), qemuProcesses("sshguest-"));
    List<String> added = new ArrayList<>(namespaces().stream().filter(n -> n.startsWith("vp-sg")).toList());
    added.removeAll(namespacesBefore);
    assertEquals(List.of(), added, "namespaces left");
    try (Stream<Path> s = Files.list(work)) {
      assertEquals(List.of(), s.toList(), "files left");
    }
  }

  /**
   * A shell command printing the driver that moves the device's data, as the lab's stage 2 finds
   * it: the nearest driver up the sysfs path that is not the generic SCSI disk driver (an IDE disk
   * is sd on ata_piix).
   */
  private static String mainDriver(String sysfsDevice) {
    return "p=$(readlink -f " + sysfsDevice + "); while [ \"$p\" != /sys ]; do"
        + " if [ -e \"$p/driver\" ]; then d=$(basename \"$(readlink \"$p/driver\")\");"
        + " [ \"$d\" = sd ] || { echo \"$d\"; exit 0; }; fi; p=${p%/*}; done; exit 1";
  }

  private static String ok(SshGuest g, String command) throws IOException {
    Shell.Result r = g.ssh(command, SSH);
    assertEquals(0, r.exit(), () -> "ssh " + command + ": " + r.stderr());
    return r.stdout();
  }

  private static List<String> namespaces() throws IOException {
    return Shell.run(SSH, "ip", "netns", "list").orThrow().stdout().lines()
        .map(l -> l.split("\\s+")[0]).filter(n -> !n.isBlank()).toList();
  }

  private static List<Long> qemuProcesses(String name) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains("qemu-system"))
        .filter(p -> p.info().commandLine().orElse("").contains("-name " + name))
        .map(ProcessHandle::pid)
        .toList();
  }
}
