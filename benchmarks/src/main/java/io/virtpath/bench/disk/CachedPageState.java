package io.virtpath.bench.disk;

import io.virtpath.bench.SuiteConfig;
import io.virtpath.bench.ffm.Native;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A separate 4 KiB file read through the page cache (no O_DIRECT): after the first read its page
 * stays cached, so every timed pread is syscall + page-cache lookup + 4 KiB copy, no device.
 */
@State(Scope.Benchmark)
public class CachedPageState {
  private Path path;
  int fd = -1;
  String name;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    path = SuiteConfig.scratch().resolve(DiskScratch.BASELINE_FILE);
    name = path.toString();
    byte[] data = new byte[DiskScratch.BLOCK];
    new SplittableRandom().nextBytes(data);
    Files.write(path, data);
    fd = DiskNative.openChecked(path, DiskNative.O_RDONLY | DiskNative.O_CLOEXEC, 0);
    // Touch the page once so that even the first timed call finds it cached.
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cap = Native.newCapture(arena);
      MemorySegment buf = arena.allocate(DiskScratch.BLOCK, DiskScratch.BLOCK);
      long n = DiskNative.pread(cap, fd, buf, DiskScratch.BLOCK, 0);
      if (n != DiskScratch.BLOCK) {
        throw DiskNative.transferFailure("pread", name, n, DiskScratch.BLOCK, 0, cap);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try {
      if (fd >= 0) {
        DiskNative.closeChecked(fd, name);
        fd = -1;
      }
    } finally {
      Files.deleteIfExists(path);
    }
  }
}
