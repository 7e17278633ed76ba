package io.virtpath.bench.disk;

import io.virtpath.bench.PrimaryMetric;
import io.virtpath.bench.PrimaryMetric.Kind;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * 4 KiB O_DIRECT reads and writes at uniformly random aligned offsets of the whole test file.
 *
 * <p>QD1: one thread, one request in flight, so throughput is 1 / latency and SampleTime gives the
 * latency distribution (percentiles). QD16: sixteen threads each blocked in its own pread/pwrite on
 * the shared descriptor keep 16 requests in flight without libaio/io_uring; JMH sums the threads'
 * throughput into total IOPS.
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
  @Threads(16)
  @PrimaryMetric(Kind.IOPS)
  public long randRead4kQd16(DataFileState file, Worker w) throws IOException {
    return read(file, w);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @Threads(16)
  @PrimaryMetric(Kind.IOPS)
  public long randWrite4kQd16(DataFileState file, Worker w) throws IOException {
    return write(file, w);
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
