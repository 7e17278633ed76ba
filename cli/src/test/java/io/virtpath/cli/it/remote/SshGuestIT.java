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

  @Test
  void aVirtioGuestAnswersOverSshWithItsDriversAndScratchAndLeavesNothing() throws Exception {
    Path logs = Path.of("target/it-logs/ssh-guest");
    String netns;
    String tap;
    String name;
    long qemu;
    Path files;
    try (SshGuest g = SshGuest.boot(work, logs, NicModel.VIRTIO_NET, DiskModel.VIRTIO_BLK)) {
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
      assertEquals(NicModel.VIRTIO_NET.expectedDriver(),
          ok(g, "basename \"$(readlink /sys/class/net/eth0/device/driver)\"").strip(), "eth0's driver");
      assertTrue(ok(g, "ip route get " + g.controllerIp()).contains("dev eth0"), "the controller is reached over eth0");

      // the scratch: on the disk under test (virtio_blk, ext4), and O_DIRECT works there
      String df = ok(g, "df -P -T " + g.scratch()).lines().toList().getLast();
      System.err.println("[SshGuestIT] df " + g.scratch() + ": " + df);
      String[] f = df.split("\\s+");
      assertEquals("ext4", f[1], df);
      assertEquals("/scratch", f[6], df);
      String dev = f[0].substring("/dev/".length());
      assertEquals(DiskModel.VIRTIO_BLK.expectedDriver(),
          ok(g, "basename \"$(readlink /sys/block/" + dev + "/device/driver)\"").strip(), "the scratch disk's driver");
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
    List<String> namespacesBefore = namespaces();
    // A zero limit: QEMU, namespace, tap and files all exist when the wait gives up at its first look.
    IOException e = assertThrows(IOException.class, () -> SshGuest.boot(
        work, Path.of("target/it-logs/ssh-guest-failed"), NicModel.E1000, DiskModel.IDE, Duration.ZERO));
    assertTrue(e.getMessage().contains("did not listen within 0 s"), e.getMessage());
    assertEquals(0, e.getSuppressed().length, () -> "cleanup: " + e.getSuppressed()[0]);
    assertEquals(List.of(), qemuProcesses("sshguest-"));
    List<String> added = new ArrayList<>(namespaces());
    added.removeAll(namespacesBefore);
    assertEquals(List.of(), added, "namespaces left");
    try (Stream<Path> s = Files.list(work)) {
      assertEquals(List.of(), s.toList(), "files left");
    }
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
