package io.virtpath.bench.disk;

import io.virtpath.bench.PrimaryMetric;
import io.virtpath.bench.PrimaryMetric.Kind;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Durability: what it costs to make a write stable (the commit path of a database or a journal),
 * as opposed to merely handing it to the device's volatile cache.
 */
@OutputTimeUnit(TimeUnit.SECONDS)
public class DiskSyncBench {
  private static final int LEN = DiskScratch.BLOCK;

  /**
   * A 4 KiB O_DIRECT pwrite at a random offset, then fdatasync. The offset is random (same
   * generator as randWrite4kQd1) rather than fixed so that no layer can keep rewriting one hot
   * block in a cache, and so that {@code write4kFdatasync - randWrite4kQd1} isolates exactly the
   * cache-flush round trip. The file is fully allocated and written, and overwrites change no
   * size, so fdatasync has no metadata to commit: it is the data write plus a device flush.
   */
  @Benchmark
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  @PrimaryMetric(Kind.IOPS)
  public int write4kFdatasync(DataFileState file, Worker w) throws IOException {
    DiskRandomBench.write(file, w);
    int rc = DiskNative.fdatasync(w.cap, file.fd);
    if (rc < 0) {
      throw DiskNative.failure("fdatasync", file.name, w.cap);
    }
    return rc;
  }

  /**
   * Creates a new 4 KiB file (O_CREAT|O_EXCL, buffered write), fsyncs it, closes and unlinks it:
   * inode and directory-entry allocation, a journal commit carrying data and metadata, and a
   * device flush. The unlink is not synced; the next iteration's fsync commits it, so in steady
   * state every operation pays for one create and one delete.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @PrimaryMetric(Kind.OPS_PER_S)
  public int smallFileCreateFsyncUnlink(SmallFileState s) throws IOException {
    MemorySegment name = s.nextName();
    MemorySegment cap = s.cap;
    int fd =
        DiskNative.openat(
            cap,
            s.dirfd,
            name,
            DiskNative.O_CREAT | DiskNative.O_EXCL | DiskNative.O_WRONLY | DiskNative.O_CLOEXEC,
            0600);
    if (fd < 0) {
      throw DiskNative.failure("openat", s.currentName(), cap);
    }
    long n = DiskNative.pwrite(cap, fd, s.page, LEN, 0);
    if (n != LEN) {
      IOException e = DiskNative.transferFailure("pwrite", s.currentName(), n, LEN, 0, cap);
      DiskNative.close(cap, fd); // the file itself is removed by the state's teardown
      throw e;
    }
    if (DiskNative.fsync(cap, fd) < 0) {
      IOException e = DiskNative.failure("fsync", s.currentName(), cap);
      DiskNative.close(cap, fd);
      throw e;
    }
    if (DiskNative.close(cap, fd) < 0) {
      throw DiskNative.failure("close", s.currentName(), cap);
    }
    if (DiskNative.unlinkat(cap, s.dirfd, name) < 0) {
      throw DiskNative.failure("unlinkat", s.currentName(), cap);
    }
    return fd;
  }
}
