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
 * 4 KiB O_DIRECT reads and writes at uniformly random aligned offsets of the whole test file.
 *
 * <p>QD1: one thread, one request in flight, so throughput is 1 / latency and SampleTime gives the
 * latency distribution (percentiles). QD16: one thread keeps 16 requests in flight through native
 * AIO ({@link AioQueue}), the interface of fio's libaio engine; each op is one completed request.
 */
@OutputTimeUnit(TimeUnit.SECONDS)
public class DiskRandomBench {
  private static final int LEN = DiskScratch.BLOCK;

  @Benchmark
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  @PrimaryMetric(Kind.IOPS)
  public long randRead4kQd1(DataFileState file, Worker w) throws IOException {
    return read(file, w);
  }

  @Benchmark
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  @PrimaryMetric(Kind.IOPS)
  public long randWrite4kQd1(DataFileState file, Worker w) throws IOException {
    return write(file, w);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @PrimaryMetric(Kind.IOPS)
  public long randRead4kQd16(DataFileState file, Worker w, AioQueue q) throws IOException {
    return q.next(file, w);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @PrimaryMetric(Kind.IOPS)
  public long randWrite4kQd16(DataFileState file, Worker w, AioQueue q) throws IOException {
    return q.next(file, w);
  }

  static long read(DataFileState file, Worker w) throws IOException {
    long off = w.randomBlockOffset(file.blocks);
    long n = DiskNative.pread(w.cap, file.fd, w.page, LEN, off);
    if (n != LEN) {
      throw DiskNative.transferFailure("pread", file.name, n, LEN, off, w.cap);
    }
    return n;
  }

  static long write(DataFileState file, Worker w) throws IOException {
    long off = w.randomBlockOffset(file.blocks);
    w.stamp(w.page);
    long n = DiskNative.pwrite(w.cap, file.fd, w.page, LEN, off);
    if (n != LEN) {
      throw DiskNative.transferFailure("pwrite", file.name, n, LEN, off, w.cap);
    }
    return n;
  }
}
