package io.virtpath.bench.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.bench.ffm.Native;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskNativeTest {
  @TempDir Path dir;

  @Test
  void directPwriteThenPreadRoundTripsAlignedBlocks() throws IOException {
    DiskTestSupport.assumeDiskBacked(dir);
    Path file = dir.resolve("roundtrip");
    int fd =
        DiskNative.openChecked(
            file,
            DiskNative.O_RDWR | DiskNative.O_CREAT | DiskNative.O_DIRECT | DiskNative.O_CLOEXEC,
            0600);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cap = Native.newCapture(arena);
      MemorySegment out = arena.allocate(8192, 4096);
      byte[] random = new byte[8192];
      new SplittableRandom(42).nextBytes(random);
      MemorySegment.copy(random, 0, out, ValueLayout.JAVA_BYTE, 0, random.length);

      assertEquals(8192, DiskNative.pwrite(cap, fd, out, 8192, 12288));
      MemorySegment in = arena.allocate(8192, 4096);
      assertEquals(8192, DiskNative.pread(cap, fd, in, 8192, 12288));
      assertEquals(-1, out.mismatch(in));
      assertEquals(12288 + 8192, Files.size(file));
      assertEquals(0, DiskNative.fdatasync(cap, fd));
      assertEquals(0, DiskNative.fsync(cap, fd));
    } finally {
      DiskNative.closeChecked(fd, file.toString());
    }
  }

  /** Proves the O_DIRECT value is right for this CPU: only direct I/O rejects a misaligned buffer. */
  @Test
  void directReadIntoAMisalignedBufferFailsWithEinval() throws IOException {
    DiskTestSupport.assumeDiskBacked(dir);
    Path file = Files.write(dir.resolve("aligned"), new byte[8192]);
    int fd = DiskNative.openChecked(file, DiskNative.O_RDONLY | DiskNative.O_DIRECT, 0);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cap = Native.newCapture(arena);
      MemorySegment misaligned = arena.allocate(8192 + 4096, 4096).asSlice(1, 4096);
      long n = DiskNative.pread(cap, fd, misaligned, 4096, 0);
      assertEquals(-1, n);
      assertEquals(DiskNative.EINVAL, Native.errno(cap));
      ErrnoException e = DiskNative.transferFailure("pread", file.toString(), n, 4096, 0, cap);
      assertTrue(e.getMessage().contains("Invalid argument"), e.getMessage());
    } finally {
      DiskNative.closeChecked(fd, file.toString());
    }
  }

  @Test
  void failedOpenExplainsItselfWithErrnoText() {
    Path missing = dir.resolve("missing");
    ErrnoException e =
        assertThrows(
            ErrnoException.class, () -> DiskNative.openChecked(missing, DiskNative.O_RDONLY, 0));
    assertEquals(2, e.errno());
    assertTrue(e.getMessage().contains("No such file"), e.getMessage());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }
}
