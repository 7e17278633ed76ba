package io.virtpath.bench.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.bench.SuiteConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.infra.ThreadParams;

/** Calls the benchmark methods directly (no JMH) against a prepared 2 MiB scratch file. */
class DiskBenchmarksTest {
  private static final long SIZE = 2L << 20;

  @TempDir Path dir;
  private DiskScratch scratch;
  private DataFileState file;
  private Worker worker;

  @BeforeEach
  void prepare() throws IOException {
    DiskTestSupport.assumeDiskBacked(dir);
    scratch = DiskScratch.prepare(dir, SIZE, false, s -> {});
    System.setProperty(SuiteConfig.SCRATCH, dir.toString());
    System.setProperty(SuiteConfig.DISK_FILE_SIZE, Long.toString(SIZE));
    file = new DataFileState();
    file.open();
    worker = new Worker();
    worker.setup();
  }

  @AfterEach
  void cleanUp() throws IOException {
    if (worker != null) {
      worker.tearDown();
    }
    if (file != null) {
      file.close();
    }
    if (scratch != null) {
      scratch.close();
    }
    System.clearProperty(SuiteConfig.SCRATCH);
    System.clearProperty(SuiteConfig.DISK_FILE_SIZE);
  }

  @Test
  void dataFileIsOpenedWithODirect() {
    assertTrue(file.direct);
    assertEquals(SIZE / 4096, file.blocks);
  }

  @Test
  void sequentialBenchmarksWrapAtTheEndOfTheFile() throws IOException {
    DiskSequentialBench bench = new DiskSequentialBench();
    for (int i = 0; i < 5; i++) { // 2 MiB file, 1 MiB steps: wraps twice
      assertEquals(1 << 20, bench.seqRead1m(file, worker));
    }
    long before = blockStamp(4096);
    for (int i = 0; i < 3; i++) {
      assertEquals(1 << 20, bench.seqWrite1m(file, worker));
    }
    // The walk continued at 1 MiB after the reads, so the third write wrapped to offset 0.
    assertNotEquals(before, blockStamp(4096), "seqWrite1m did not reach the file");
  }

  @Test
  void randomBenchmarksMoveWholeBlocksInsideTheFile() throws IOException {
    DiskRandomBench bench = new DiskRandomBench();
    for (int i = 0; i < 200; i++) {
      assertEquals(4096, bench.randRead4kQd1(file, worker));
      assertEquals(4096, bench.randWrite4kQd1(file, worker));
    }
    assertEquals(SIZE, Files.size(scratch.dataFile()));
  }

  @Test
  void nativeAioKeepsSixteenRequestsInFlightAndDrainsThem() throws IOException {
    DiskRandomBench bench = new DiskRandomBench();
    AioQueue reads = new AioQueue();
    reads.open(file, worker, false);
    for (int i = 0; i < 500; i++) {
      assertEquals(4096, bench.randRead4kQd16(file, worker, reads));
    }
    reads.stop(); // reaps the 16 still in flight, then io_destroy
    reads.stop(); // idempotent
    long[] before = new long[(int) (SIZE / 4096)];
    for (int b = 0; b < before.length; b++) {
      before[b] = blockStamp(b * 4096L);
    }
    AioQueue writes = new AioQueue();
    writes.open(file, worker, true);
    for (int i = 0; i < 500; i++) {
      assertEquals(4096, bench.randWrite4kQd16(file, worker, writes));
    }
    writes.stop();
    int changed = 0;
    for (int b = 0; b < before.length; b++) {
      changed += before[b] != blockStamp(b * 4096L) ? 1 : 0;
    }
    assertTrue(changed > 100, "AIO writes reached the file: " + changed + " blocks changed");
    assertEquals(SIZE, Files.size(scratch.dataFile()));
  }

  @Test
  void randomOffsetsAreAlignedAndCoverTheFile() {
    long blocks = 8;
    boolean[] seen = new boolean[(int) blocks];
    for (int i = 0; i < 1000; i++) {
      long off = worker.randomBlockOffset(blocks);
      assertEquals(0, off % 4096);
      assertTrue(off >= 0 && off < blocks * 4096, "offset " + off);
      seen[(int) (off / 4096)] = true;
    }
    for (boolean s : seen) {
      assertTrue(s);
    }
  }

  @Test
  void syncBenchmarksRunAndLeaveNothingBehind() throws IOException {
    DiskSyncBench bench = new DiskSyncBench();
    assertEquals(0, bench.write4kFdatasync(file, worker));

    SmallFileState small = new SmallFileState();
    small.setup(new ThreadParams(3, 4, 0, 1, 0, 1, 3, 4, 3, 4));
    try {
      for (int i = 0; i < 5; i++) {
        assertTrue(bench.smallFileCreateFsyncUnlink(small) >= 0);
      }
      assertTrue(small.currentName().endsWith("virtpath-small-3-0000000000000005"));
      // A leftover (as after a failed operation) is removed by the teardown.
      Files.writeString(dir.resolve("virtpath-small-3-leftover"), "x");
    } finally {
      small.tearDown();
    }
    assertEquals(List.of(scratch.dataFile()), listDir());
  }

  @Test
  void baselineReadsTheCachedPageAndRemovesItsFile() throws IOException {
    CachedPageState cached = new CachedPageState();
    cached.setup();
    try {
      DiskBaselineBench bench = new DiskBaselineBench();
      for (int i = 0; i < 100; i++) {
        assertEquals(4096, bench.baselineCachedRead4k(cached, worker));
      }
    } finally {
      cached.tearDown();
    }
    assertEquals(List.of(scratch.dataFile()), listDir());
  }

  private long blockStamp(long off) throws IOException {
    try (FileChannel ch = FileChannel.open(scratch.dataFile())) {
      ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
      ch.read(b, off);
      return b.getLong(0);
    }
  }

  private List<Path> listDir() throws IOException {
    try (var files = Files.list(dir)) {
      return files.toList();
    }
  }
}
