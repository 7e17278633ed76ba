package io.virtpath.bench.disk;

import io.virtpath.bench.SuiteConfig;
import io.virtpath.bench.ffm.Native;
import io.virtpath.core.UsageException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The prepared test file, opened once per trial and shared by the benchmark's threads (the QD16
 * benchmarks keep their 16 requests in flight on this one descriptor, through native AIO).
 */
@State(Scope.Benchmark)
public class DataFileState {
  int fd = -1;
  long size;
  /** Number of 4 KiB blocks in the file: the range of random offsets. */
  long blocks;
  /** False only in the buffered fallback the user allowed. */
  boolean direct;

  String name;

  @Setup(Level.Trial)
  public void open() throws IOException {
    Path path = SuiteConfig.scratch().resolve(DiskScratch.DATA_FILE);
    name = path.toString();
    size = SuiteConfig.diskFileSize();
    checkPrepared(path, size);
    boolean allowBuffered = SuiteConfig.allowBuffered();
    DirectOpen.Fd f =
        DirectOpen.open(path, DiskNative.O_RDWR | DiskNative.O_CLOEXEC, 0, allowBuffered);
    fd = f.fd();
    direct = f.direct();
    if (direct && !directReadWorks()) {
      // Some filesystems accept the O_DIRECT open but refuse the I/O itself.
      DiskNative.closeChecked(fd, name);
      fd = -1;
      if (!allowBuffered) {
        throw new UsageException(DirectOpen.refusedMessage(path.getParent()));
      }
      fd = DiskNative.openChecked(path, DiskNative.O_RDWR | DiskNative.O_CLOEXEC, 0);
      direct = false;
    }
    blocks = size / DiskScratch.BLOCK;
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    if (fd >= 0) {
      DiskNative.closeChecked(fd, name);
      fd = -1;
    }
  }

  private static void checkPrepared(Path path, long size) throws IOException {
    long actual;
    try {
      actual = Files.size(path);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException(
          path + " does not exist: the disk suite runs only after DiskScratch.prepare", e);
    }
    if (actual != size || size < DiskScratch.MIN_FILE_SIZE || size % DiskScratch.BLOCK != 0) {
      throw new IllegalStateException(
          path + " has " + actual + " bytes but " + SuiteConfig.DISK_FILE_SIZE + " says " + size);
    }
  }

  /** One aligned 4 KiB read at offset 0: false only if direct reads fail with EINVAL. */
  private boolean directReadWorks() throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cap = Native.newCapture(arena);
      MemorySegment buf = arena.allocate(DiskScratch.BLOCK, DiskScratch.BLOCK);
      long n = DiskNative.pread(cap, fd, buf, DiskScratch.BLOCK, 0);
      if (n < 0 && Native.errno(cap) == DiskNative.EINVAL) {
        return false;
      }
      if (n != DiskScratch.BLOCK) {
        throw DiskNative.transferFailure("pread", name, n, DiskScratch.BLOCK, 0, cap);
      }
      return true;
    }
  }
}
