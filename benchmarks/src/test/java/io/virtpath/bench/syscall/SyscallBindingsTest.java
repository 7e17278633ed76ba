package io.virtpath.bench.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that each binding reaches the intended C function with the intended arguments (a wrong
 * syscall number, descriptor or struct offset gives a plausible-looking but meaningless
 * benchmark), and that the benchmark states set up, run and tear down.
 */
class SyscallBindingsTest {
  @TempDir Path dir;

  @Test
  void baselineComputesLabs() throws IOException {
    assertEquals(12345L, SyscallBindings.labs(-12345L));
    SyscallBench b = new SyscallBench();
    b.setup();
    try {
      assertEquals(ProcessHandle.current().pid(), b.baseline());
    } finally {
      b.tearDown();
    }
  }

  @Test
  void rawGetpidIsThisProcess() {
    assertEquals(ProcessHandle.current().pid(), SyscallBindings.sysGetpid());
    assertEquals(ProcessHandle.current().pid(), new SyscallBench().getpid());
  }

  @Test
  void bothClocksAreMonotonicAndOnTheNanoTimeScale() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment ts = a.allocate(SyscallBindings.TIMESPEC_SIZE, 8);
      // System.nanoTime is CLOCK_MONOTONIC on Linux, so the three readings must be ordered.
      long before = System.nanoTime();
      assertEquals(0, SyscallBindings.clockGettime(SyscallBindings.CLOCK_MONOTONIC, ts));
      long vdso = SyscallBindings.timespecNanos(ts);
      assertEquals(0L, SyscallBindings.sysClockGettime(SyscallBindings.CLOCK_MONOTONIC, ts));
      long sys = SyscallBindings.timespecNanos(ts);
      long after = System.nanoTime();
      assertTrue(before <= vdso && vdso <= sys && sys <= after,
          "expected " + before + " <= " + vdso + " <= " + sys + " <= " + after);
      assertTrue(after - before < 1_000_000_000L, "two clock reads took over a second");
      assertTrue(ts.get(ValueLayout.JAVA_LONG, 8) < 1_000_000_000L, "tv_nsec out of range");

      // A bogus clock id must come back as an error: proves the id reaches the kernel.
      assertTrue(SyscallBindings.sysClockGettime(-100, ts) < 0);
    }
  }

  @Test
  void statReportsTheFileSize() throws IOException {
    Path f = dir.resolve("sized");
    Files.write(f, new byte[1234]);
    try (Arena a = Arena.ofConfined()) {
      MemorySegment buf = a.allocate(SyscallBindings.STAT_BUF_SIZE, 8);
      assertEquals(0, SyscallBindings.stat(a.allocateFrom(f.toString()), buf));
      assertEquals(1234L, SyscallBindings.statSize(buf));
      assertTrue(SyscallBindings.stat(a.allocateFrom(dir.resolve("absent").toString()), buf) < 0);
    }
  }

  @Test
  void openCloseReturnsAnFdAndMissingFilesFail() throws IOException {
    Path f = dir.resolve("f");
    Files.write(f, new byte[] {1});
    try (Arena a = Arena.ofConfined()) {
      int fd = SyscallBindings.openat(SyscallBindings.AT_FDCWD, a.allocateFrom(f.toString()),
          SyscallBindings.O_RDONLY);
      assertTrue(fd >= 0, "openat returned " + fd);
      assertEquals(0, SyscallBindings.close(fd));
      assertEquals(-1, SyscallBindings.close(fd), "second close of the same fd must fail");
    }
    IOException e = assertThrows(IOException.class,
        () -> SyscallBindings.openOrThrow(dir.resolve("absent").toString(), 0));
    assertTrue(e.getMessage().contains("errno 2"), e.getMessage());
  }

  @Test
  void benchmarkStateRunsEveryCallAndCleansUp() throws IOException {
    SyscallBench b = new SyscallBench();
    b.setup();
    Path file;
    try {
      file = b.file();
      assertTrue(Files.isRegularFile(file));
      assertEquals(0, b.clockGettimeVdso());
      assertEquals(0L, b.clockGettimeSyscall());
      assertEquals(0, b.stat());
      assertTrue(b.openClose() >= 0);
      assertEquals(1L, b.readDevZero());
      assertEquals(1L, b.writeDevNull());
      assertEquals(0, b.schedYield());
    } finally {
      b.tearDown();
    }
    assertFalse(Files.exists(file), "tearDown must delete the stat file");
  }

  @Test
  void pageFaultTakesOneMinorFaultPerPage() throws IOException {
    SyscallBench.FaultState f = new SyscallBench.FaultState();
    f.setup();
    SyscallBench b = new SyscallBench();
    b.pageFault(f); // links and loads everything once, outside the count
    int rounds = 200;
    long before = minorFaults();
    for (int i = 0; i < rounds; i++) {
      assertEquals(0, b.pageFault(f));
    }
    long faults = minorFaults() - before;
    // Other JVM threads may add faults, never remove them. A (multi-size) huge page mapping the
    // region in one fault, or a loop that skips pages, shows up as far fewer than one per page.
    assertTrue(faults >= (long) rounds * SyscallBench.FAULT_PAGES,
        faults + " minor faults for " + rounds * SyscallBench.FAULT_PAGES + " touched pages");
  }

  /** minflt, field 10 of /proc/self/stat (counted after the parenthesised command name). */
  private static long minorFaults() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[7]);
  }

  @Test
  void readOfDevZeroFillsTheBuffer() throws IOException {
    int fd = SyscallBindings.openOrThrow("/dev/zero", SyscallBindings.O_RDONLY);
    try (Arena a = Arena.ofConfined()) {
      MemorySegment buf = a.allocate(8);
      buf.fill((byte) 7);
      assertEquals(8L, SyscallBindings.read(fd, buf, 8));
      assertEquals(0L, buf.get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
    } finally {
      SyscallBindings.close(fd);
    }
  }

  @Test
  void mmapPagesAreWritableAndZeroFilled() {
    long page = SyscallBindings.pageSize();
    assertTrue(page >= 4096 && Long.bitCount(page) == 1, "page size " + page);
    long len = page * SyscallBench.FAULT_PAGES;
    MemorySegment map = SyscallBindings.mmap(len,
        SyscallBindings.PROT_READ | SyscallBindings.PROT_WRITE,
        SyscallBindings.MAP_PRIVATE | SyscallBindings.MAP_ANONYMOUS);
    assertNotEquals(-1L, map.address());
    MemorySegment pages = map.reinterpret(len);
    for (long off = 0; off < len; off += page) {
      assertEquals(0, pages.get(ValueLayout.JAVA_BYTE, off + 1), "fresh page not zeroed");
      pages.set(ValueLayout.JAVA_BYTE, off, (byte) 42);
    }
    for (long off = 0; off < len; off += page) {
      assertEquals(42, pages.get(ValueLayout.JAVA_BYTE, off));
    }
    assertEquals(0, SyscallBindings.munmap(map, len));
  }

  @Test
  void pipeRoundTripEchoesAndTearsDown() throws Exception {
    PipeRoundTripBench b = new PipeRoundTripBench();
    b.setup();
    try {
      assertTrue(b.echoAlive());
      // 300 round trips: the byte counter wraps, so every value including 0 goes through.
      byte expected = 0;
      for (int i = 0; i < 300; i++) {
        expected++;
        assertEquals(expected, b.pipeRoundTrip());
      }
    } finally {
      b.tearDown();
    }
    assertFalse(b.echoAlive(), "echo thread must end when its input pipe closes");
  }
}
