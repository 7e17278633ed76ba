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
 * Streaming bandwidth: 1 MiB O_DIRECT transfers walking the test file front to back, wrapping at
 * the end. One request in flight; 1 MiB is large enough that the per-request cost (syscall, VM
 * exit, virtqueue kick) is small next to the transfer itself.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DiskSequentialBench {

  @Benchmark
  @PrimaryMetric(value = Kind.MB_PER_S, bytesPerOp = Worker.MIB)
  public long seqRead1m(DataFileState file, Worker w) throws IOException {
    long off = w.nextSequential(file.size, Worker.MIB);
    long n = DiskNative.pread(w.cap, file.fd, w.big, Worker.MIB, off);
    if (n != Worker.MIB) {
      throw DiskNative.transferFailure("pread", file.name, n, Worker.MIB, off, w.cap);
    }
    return n;
  }

  @Benchmark
  @PrimaryMetric(value = Kind.MB_PER_S, bytesPerOp = Worker.MIB)
  public long seqWrite1m(DataFileState file, Worker w) throws IOException {
    long off = w.nextSequential(file.size, Worker.MIB);
    w.stamp(w.big);
    long n = DiskNative.pwrite(w.cap, file.fd, w.big, Worker.MIB, off);
    if (n != Worker.MIB) {
      throw DiskNative.transferFailure("pwrite", file.name, n, Worker.MIB, off, w.cap);
    }
    return n;
  }
}
