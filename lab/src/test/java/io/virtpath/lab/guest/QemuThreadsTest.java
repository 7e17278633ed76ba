package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QEMU's threads by name, from a fake /proc and from this JVM's own. */
class QemuThreadsTest {
  private static final long QEMU = 1000;

  @Test
  void threadNamesAsQemu8To10GiveThem() {
    assertEquals("vcpu", QemuThreads.group("CPU 0/TCG", 1001, QEMU));
    assertEquals("vcpu", QemuThreads.group("CPU 1/KVM", 1002, QEMU));
    assertEquals("vcpu", QemuThreads.group("CPU 12/KVM", 1003, QEMU));
    assertEquals("vcpu", QemuThreads.group("ALL CPUs/TCG", 1003, QEMU), "tcg,thread=single, as the lab runs it");
    assertEquals("iothread", QemuThreads.group("IO iothread0", 1004, QEMU));
    assertEquals("workers", QemuThreads.group("worker", 1005, QEMU));
    assertEquals("vhost", QemuThreads.group("vhost-1000", 1006, QEMU));
    assertEquals("other", QemuThreads.group("vhost-1234", 1007, QEMU), "another QEMU's vhost worker");
    assertEquals("other", QemuThreads.group("call_rcu", 1008, QEMU));
    assertEquals("main", QemuThreads.group("qemu-system-x86", QEMU, QEMU));
    assertEquals("other", QemuThreads.group("qemu-system-x86", 1009, QEMU), "only the thread whose tid is the pid");
    assertEquals("other", QemuThreads.group("CPU x/TCG", 1010, QEMU));
  }

  private static void task(Path proc, long pid, long tid, String comm, String schedstat) throws IOException {
    Path t = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
    Files.writeString(t.resolve("comm"), comm + "\n");
    if (tid == pid) {
      Files.writeString(proc.resolve(pid + "/comm"), comm + "\n"); // the process's own, as in /proc
    }
    if (schedstat != null) {
      Files.writeString(t.resolve("schedstat"), schedstat + "\n");
    }
    // utime 30, stime 12 ticks; a name with a space and a ')' to trip a naive split
    Files.writeString(t.resolve("stat"),
        tid + " (" + comm + ")) S 1 1 1 0 -1 4194304 100 0 0 0 30 12 0 0 20 0 5 0 100 1000 10\n");
  }

  @Test
  void aFakeProcWithEveryGroup(@TempDir Path proc) throws Exception {
    task(proc, QEMU, QEMU, "qemu-system-x86", "5000 10 3");
    task(proc, QEMU, 1001, "CPU 0/TCG", "900000 10 3");
    task(proc, QEMU, 1002, "worker", "70 10 3");
    task(proc, QEMU, 1003, "call_rcu", "2 1 1");
    task(proc, QEMU, 1004, "vhost-1000", "40 1 1");
    Files.createDirectories(proc.resolve(QEMU + "/task/not-a-tid"));
    QemuThreads.Sample s = new QemuThreads(proc, QEMU).sample(true);
    assertEquals(QemuThreads.Clock.SCHEDSTAT, s.clock());
    Map<Long, QemuThreads.Thread> t = s.threads();
    assertEquals(5, t.size(), t.toString());
    assertEquals(new QemuThreads.Thread(1001, "CPU 0/TCG", "vcpu", 900000, QemuThreads.Clock.SCHEDSTAT), t.get(1001L));
    assertEquals("main", t.get(QEMU).group());
    assertEquals("workers", t.get(1002L).group());
    assertEquals("vhost", t.get(1004L).group());
  }

  @Test
  void withoutSchedstatTheTicksOfStat(@TempDir Path proc) throws Exception {
    task(proc, QEMU, QEMU, "qemu-system-x86", null);
    QemuThreads.Sample s = new QemuThreads(proc, QEMU).sample(false);
    assertEquals(QemuThreads.Clock.STAT_TICKS, s.clock());
    assertEquals(42 * 10_000_000L, s.threads().get(QEMU).nanos());
  }

  @Test
  void aPre64VhostKernelThreadIsFoundOutsideQemu(@TempDir Path proc) throws Exception {
    task(proc, QEMU, QEMU, "qemu-system-x86", "5000 10 3");
    task(proc, 555, 555, "vhost-1000", "777 1 1"); // a kernel thread: its own process
    task(proc, 556, 556, "vhost-999", "1 1 1");
    QemuThreads q = new QemuThreads(proc, QEMU);
    assertEquals(1, q.sample(false).threads().size(), "no scan when not asked");
    QemuThreads.Sample s = q.sample(true);
    assertEquals("vhost", s.threads().get(555L).group());
    assertEquals(777, s.threads().get(555L).nanos());
    assertEquals(2, q.sample(false).threads().size(), "once found, read at every sample");
  }

  @Test
  void qemuGoneIsAnError(@TempDir Path proc) {
    assertThrows(NoSuchFileException.class, () -> new QemuThreads(proc, QEMU).sample(false));
  }

  @Test
  void parsers() {
    assertEquals(123456789L, QemuThreads.parseSchedstat("123456789 555 7\n"));
    assertThrows(IllegalArgumentException.class, () -> QemuThreads.parseSchedstat("x"));
    assertThrows(IllegalArgumentException.class, () -> QemuThreads.parseStatTicks("1 (a) S 1"));
  }

  /** This JVM's own threads, read as QEMU's would be: real files, real names, run time that grows. */
  @Test
  void thisJvmsRealThreads() throws Exception {
    long pid = ProcessHandle.current().pid();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Thread named = Thread.ofPlatform().name("worker").daemon().start(() -> {
      running.countDown(); // the JVM names the native thread before run(): its comm is "worker" from here on
      try {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      running.await();
      QemuThreads q = new QemuThreads(Path.of("/proc"), pid);
      QemuThreads.Sample a = q.sample(false);
      assertEquals(pid, a.threads().get(pid).tid());
      assertEquals("main", a.threads().get(pid).group());
      assertTrue(a.threads().values().stream().anyMatch(t -> t.comm().equals("worker") && t.group().equals("workers")),
          a.threads().toString());
      assertTrue(a.threads().size() > 2, a.threads().toString());
      // some work on this thread, then the threads' run time has grown
      double sink = 0;
      for (int i = 0; i < 5_000_000; i++) {
        sink += Math.sqrt(i);
      }
      QemuThreads.Sample b = q.sample(false);
      long grown = 0;
      for (QemuThreads.Thread t : b.threads().values()) {
        QemuThreads.Thread was = a.threads().get(t.tid());
        grown += was == null ? 0 : t.nanos() - was.nanos();
      }
      assertTrue(grown > 0, "the JVM ran between the samples (" + sink + ")");
    } finally {
      stop.countDown();
      named.join();
    }
  }
}
