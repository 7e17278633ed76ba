package io.virtpath.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.bench.disk.DiskScratch;
import io.virtpath.core.ProcessOwner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoversTest {
  @TempDir Path base;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);

  /** An owner that was a real process and has exited: its pid and start time, read while it ran. */
  private static ProcessOwner deadOwner() throws Exception {
    Process p = new ProcessBuilder("cat").start();
    ProcessOwner owner = ProcessOwner.of(p.pid()).orElseThrow();
    p.getOutputStream().close();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return owner;
  }

  private Path scratchOf(String name, ProcessOwner owner, int dataBytes) throws Exception {
    Path dir = Files.createDirectory(base.resolve(name));
    if (owner != null) {
      owner.write(dir.resolve(DiskScratch.OWNER_FILE));
    }
    Files.write(dir.resolve(DiskScratch.DATA_FILE), new byte[dataBytes]);
    return dir;
  }

  @Test
  void aDeadRunsScratchIsRemovedALiveOnesIsKept() throws Exception {
    ProcessOwner dead = deadOwner();
    Path gone = scratchOf(".scratch-20260101-000000-dead", dead, 3 << 20);
    Path live = scratchOf("virtpath-scratch-20260101-000000-live", ProcessOwner.self(), 4096);
    Path reused = scratchOf(".scratch-20260101-000000-reus",
        new ProcessOwner(ProcessOwner.self().pid(), ProcessOwner.self().startTicks() - 1, ProcessOwner.self().pidNamespace()), 4096);
    Path unowned = scratchOf(".scratch-20260101-000000-none", null, 4096);
    Path unrelated = Files.createDirectory(base.resolve("20260101-000000-abcd")); // a run directory

    long expectedBytes = bytesIn(gone) + bytesIn(reused);

    Leftovers.Swept swept = Leftovers.scratch(base, console);

    assertFalse(Files.exists(gone), out.toString());
    assertFalse(Files.exists(reused), "same pid, another start time: that run is gone");
    assertTrue(Files.exists(live.resolve(DiskScratch.DATA_FILE)), "a live run's scratch is kept");
    assertTrue(Files.exists(unowned), "without an owner nobody can say it is dead");
    assertTrue(Files.exists(unrelated));
    assertEquals(2, swept.entries());
    assertEquals(expectedBytes, swept.bytes(), out.toString());
    String said = out.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("removed " + gone + ", left by a run that is gone (pid " + dead.pid() + "): 3.0 MiB"), said);
    assertTrue(said.contains("left " + unowned + ": it has no owner file"), said);
  }

  private static long bytesIn(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      long sum = 0;
      for (Path p : s.toList()) {
        sum += Files.size(p);
      }
      return sum;
    }
  }

  @Test
  void aFilesystemMountedInADeadScratchIsNotEntered() throws Exception {
    Path gone = scratchOf(".scratch-20260101-000000-mnt0", deadOwner(), 4096);
    Path mnt = Files.createDirectory(gone.resolve("mnt"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString())
        .redirectErrorStream(true).start();
    Assumptions.assumeTrue(mount.waitFor() == 0, "needs root to mount a tmpfs");
    try {
      Files.writeString(mnt.resolve("other-filesystem.txt"), "keep me");
      Leftovers.scratch(base, console);
      assertEquals("keep me", Files.readString(mnt.resolve("other-filesystem.txt")), out.toString());
      assertFalse(Files.exists(gone.resolve(DiskScratch.DATA_FILE)), "what is on our filesystem goes");
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("another filesystem is mounted there"), out.toString());
    } finally {
      new ProcessBuilder("umount", mnt.toString()).start().waitFor();
    }
  }

  /** A bind mount of the same filesystem has the same st_dev: only mountinfo tells it apart. */
  @Test
  void aBindMountInADeadScratchIsNotEntered() throws Exception {
    Path gone = scratchOf(".scratch-20260101-000000-bnd0", deadOwner(), 4096);
    Path hostData = Files.createDirectories(base.resolveSibling("host-data-" + System.nanoTime()));
    Files.writeString(hostData.resolve("precious.txt"), "keep me");
    Path mnt = Files.createDirectory(gone.resolve("rootfs"));
    Process mount = new ProcessBuilder("mount", "--bind", hostData.toString(), mnt.toString())
        .redirectErrorStream(true).start();
    Assumptions.assumeTrue(mount.waitFor() == 0, "needs root to bind-mount");
    try {
      Leftovers.scratch(base, console);
      assertEquals("keep me", Files.readString(hostData.resolve("precious.txt")), out.toString());
      assertFalse(Files.exists(gone.resolve(DiskScratch.DATA_FILE)), "what is on our filesystem goes");
    } finally {
      new ProcessBuilder("umount", mnt.toString()).start().waitFor();
    }
  }

  @Test
  void jmhTempFilesGoOnlyWhenNothingCanUseThem() throws Exception {
    Instant start = Instant.now();
    Path old = Files.writeString(base.resolve("jmh1234567890stdout"), "fork output of a killed run");
    Path openOne = Files.writeString(base.resolve("jmh2234567890stderr"), "held open");
    Path young = Files.writeString(base.resolve("jmh3234567890compilecommand"), "a run that started after us");
    Path notJmh = Files.writeString(base.resolve("jmhx.txt"), "not JMH's naming");
    // older than every live JVM on this machine: its JVM is gone
    FileTime longAgo = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));
    for (Path p : new Path[] {old, openOne, notJmh}) {
      Files.setLastModifiedTime(p, longAgo);
    }
    Files.setLastModifiedTime(young, FileTime.from(start.plusSeconds(5)));
    // made after this test JVM started, so possibly by it (JMH keeps its compiler hints closed between forks)
    Path liveJvms = Files.writeString(base.resolve("jmh4234567890compilecommand"), "a live JVM's hints");
    Files.setLastModifiedTime(liveJvms,
        FileTime.from(ProcessHandle.current().info().startInstant().orElseThrow().plusMillis(1)));
    try (FileChannel held = FileChannel.open(openOne, StandardOpenOption.READ)) {
      Leftovers.Swept swept = Leftovers.jmhTemp(base, start, console);
      assertEquals(1, swept.entries(), out.toString());
    }
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(openOne), "a process has it open");
    assertTrue(Files.exists(young), "younger than this process: may be a live run's");
    assertTrue(Files.exists(liveJvms), "younger than a live JVM: may be that JVM's");
    assertTrue(Files.exists(notJmh));
  }

  @Test
  void jmhTempFilesStayWhileAJmhRunHoldsItsLock() throws Exception {
    Instant start = Instant.now();
    Path old = Files.writeString(base.resolve("jmh1234567890stdout"), "x");
    Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
    Path lock = base.resolve("jmh.lock");
    Process jmh = new ProcessBuilder("python3", "-c",
        "import fcntl,sys; f=open(sys.argv[1],'w'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); sys.stdin.read()",
        lock.toString()).start();
    try {
      String said = new String(jmh.getInputStream().readNBytes(6), StandardCharsets.UTF_8);
      Assumptions.assumeTrue(said.equals("locked"), "needs python3 to hold a POSIX lock in another process");
      assertEquals(0, Leftovers.jmhTemp(base, start, console).entries());
      assertTrue(Files.exists(old));
    } finally {
      jmh.getOutputStream().close();
      jmh.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
