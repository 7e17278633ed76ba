package io.virtpath.bench.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskScratchTest {
  @TempDir Path dir;

  /** 5 MiB + 12 KiB: more than one 4 MiB preparation chunk and a partial last chunk. */
  private static final long SIZE = (5L << 20) + 3 * 4096;

  @Test
  void thePrivateDirNamesItsOwnerBeforeAnyDataAndGoesWithEverythingInIt() throws IOException {
    DiskTestSupport.assumeDiskBacked(dir);
    Path scratch = DiskScratch.createPrivateDir(dir, ".scratch-test");
    assertEquals(io.virtpath.core.ProcessOwner.self(),
        io.virtpath.core.ProcessOwner.read(scratch.resolve(DiskScratch.OWNER_FILE)).orElseThrow());
    // what an interruption half-way through prepare leaves: part of the test file, no DiskScratch
    Files.write(scratch.resolve(DiskScratch.DATA_FILE), new byte[8192]);
    Files.writeString(scratch.resolve(DiskScratch.SMALL_FILE_PREFIX + "1"), "x");
    DiskScratch.removePrivateDir(scratch);
    assertFalse(Files.exists(scratch));
  }

  @Test
  void prepareWritesEveryBlockOfAnExactSizeFileAndCloseRemovesIt() throws IOException {
    DiskTestSupport.assumeDiskBacked(dir);
    List<String> progress = new ArrayList<>();
    DiskScratch scratch = DiskScratch.prepare(dir, SIZE, false, progress::add);

    Path data = scratch.dataFile();
    assertEquals(dir.resolve(DiskScratch.DATA_FILE), data);
    assertTrue(scratch.directIo());
    assertEquals(Files.getFileStore(dir).type(), scratch.filesystem());
    assertEquals(SIZE, Files.size(data));
    // Each block starts with its own offset + 1 and is otherwise random: real data everywhere,
    // not unwritten extents read back as zeros.
    try (FileChannel ch = FileChannel.open(data)) {
      for (long off = 0; off < SIZE; off += 4096) {
        ByteBuffer block = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        assertEquals(4096, ch.read(block, off));
        assertEquals(off + 1, block.getLong(0), "stamp of block at " + off);
        assertTrue(nonZeroBeyondStamp(block), "block at " + off + " is zeros");
      }
    }
    assertTrue(progress.size() >= 3, progress.toString());
    assertTrue(progress.getLast().contains("evicted"), progress.getLast());

    // Leftovers of the benchmarks go too; unrelated files stay.
    Files.writeString(dir.resolve(DiskScratch.SMALL_FILE_PREFIX + "0-00000000000000ff"), "x");
    Files.writeString(dir.resolve(DiskScratch.BASELINE_FILE), "x");
    Files.writeString(dir.resolve("keep-me"), "x");
    scratch.close();
    assertFalse(Files.exists(data));
    try (var left = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("keep-me")), left.toList());
    }
    scratch.close(); // idempotent
  }

  @Test
  void fileLargerThanTheFreeSpaceIsAUsageError() throws IOException {
    long free = Files.getFileStore(dir).getUsableSpace();
    long tooBig = (free / 4096 + 1) * 4096;
    UsageException e =
        assertThrows(UsageException.class, () -> DiskScratch.prepare(dir, tooBig, false, s -> {}));
    assertTrue(e.getMessage().contains("is free"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertDirEmpty();
  }

  @Test
  void missingDirectoryIsAUsageError() {
    Path missing = dir.resolve("nope");
    UsageException e =
        assertThrows(
            UsageException.class, () -> DiskScratch.prepare(missing, 1 << 20, false, s -> {}));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void aFileInsteadOfADirectoryIsAUsageError() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    UsageException e =
        assertThrows(UsageException.class, () -> DiskScratch.prepare(file, 1 << 20, false, s -> {}));
    assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
  }

  @Test
  void sizeThatIsNotWholeBlocksIsAUsageError() throws IOException {
    assertThrows(
        UsageException.class, () -> DiskScratch.prepare(dir, (1 << 20) + 100, false, s -> {}));
    assertThrows(UsageException.class, () -> DiskScratch.prepare(dir, 4096, false, s -> {}));
    assertDirEmpty();
  }

  @Test
  void anExistingTestFileIsNeitherOverwrittenNorDeleted() throws IOException {
    DiskTestSupport.assumeDiskBacked(dir);
    Path existing = Files.writeString(dir.resolve(DiskScratch.DATA_FILE), "user data");
    UsageException e =
        assertThrows(UsageException.class, () -> DiskScratch.prepare(dir, 1 << 20, false, s -> {}));
    assertTrue(e.getMessage().contains("fresh"), e.getMessage());
    assertEquals("user data", Files.readString(existing));
  }

  @Test
  void tmpfsIsRefusedUnlessBufferedIsAllowed() throws IOException {
    Path shm = DiskTestSupport.tmpfsDir();
    try {
      UsageException e =
          assertThrows(
              UsageException.class, () -> DiskScratch.prepare(shm, 1 << 20, false, s -> {}));
      assertTrue(e.getMessage().contains("tmpfs"), e.getMessage());
      assertTrue(e.getMessage().contains("--allow-buffered"), e.getMessage());
      assertFalse(Files.exists(shm.resolve(DiskScratch.DATA_FILE)));

      try (DiskScratch scratch = DiskScratch.prepare(shm, 1 << 20, true, s -> {})) {
        assertFalse(scratch.directIo());
        assertEquals("tmpfs", scratch.filesystem());
        assertEquals(1 << 20, Files.size(scratch.dataFile()));
      }
      assertFalse(Files.exists(shm.resolve(DiskScratch.DATA_FILE)));
    } finally {
      DiskTestSupport.deleteTree(shm);
    }
  }

  private void assertDirEmpty() throws IOException {
    try (var left = Files.list(dir)) {
      assertEquals(List.of(), left.toList());
    }
  }

  private static boolean nonZeroBeyondStamp(ByteBuffer block) {
    for (int i = 8; i < block.capacity(); i += 8) {
      if (block.getLong(i) != 0) {
        return true;
      }
    }
    return false;
  }
}
