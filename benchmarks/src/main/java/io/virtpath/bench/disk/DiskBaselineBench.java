package io.virtpath.bench.disk;

import io.virtpath.bench.PrimaryMetric;
import io.virtpath.bench.PrimaryMetric.Kind;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The disk suite's floor: the same 4 KiB pread downcall as randRead4kQd1, answered from the page
 * cache. It is the harness + syscall + copy cost without storage; the gap to randRead4kQd1 is what
 * the block layer, the virtual disk and the device add.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DiskBaselineBench {
  private static final int LEN = DiskScratch.BLOCK;

  @Benchmark
  @PrimaryMetric(Kind.IOPS)
  public long baselineCachedRead4k(CachedPageState cached, Worker w) throws IOException {
    long n = DiskNative.pread(w.cap, cached.fd, w.page, LEN, 0);
    if (n != LEN) {
      throw DiskNative.transferFailure("pread", cached.name, n, LEN, 0, w.cap);
    }
    return n;
  }
}
