package io.virtpath.bench.syscall;

import static io.virtpath.bench.syscall.SyscallBindings.failure;

import io.virtpath.bench.PrimaryMetric;
import io.virtpath.bench.SuiteConfig;
import io.virtpath.bench.PrimaryMetric.Kind;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Single-thread kernel entry paths, each one FFM critical downcall per invocation (see {@link
 * SyscallBindings}); {@code baseline} is the same kind of downcall into a libc function that never
 * enters the kernel. docs/methodology.md ("Syscall suite") explains each benchmark. Iteration and fork counts
 * come from the runner's profiles, not from annotations here.
 *
 * <p>Results are checked with a plain "&lt; 0" branch that is never taken, so a broken environment
 * (seccomp denying a call, a missing file) fails the run instead of timing an error path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SyscallBench {
  /**
   * Name prefix of the file stat and openClose use; the runner removes such files with the scratch
   * directory when a killed fork could not.
   */
  public static final String FILE_PREFIX = "virtpath-syscall-";

  /** Pages per pageFault invocation; also its @OperationsPerInvocation. */
  public static final int FAULT_PAGES = 16;

  /**
   * The auto arena's session costs nothing per downcall: a shared arena would add a CAS (acquire)
   * and a confined one a thread check to every call that passes one of these buffers, and JMH does
   * not promise that setup and measurement run on the same thread.
   */
  private final Arena arena = Arena.ofAuto();

  private long labsArg;
  private MemorySegment timespec;
  private MemorySegment statBuf;
  private MemorySegment byteBuf;
  private Path file;
  private MemorySegment filePath;
  private int devZero = -1;
  private int devNull = -1;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    // A field, not a constant, so that nothing about the argument is known to the JIT.
    labsArg = -ProcessHandle.current().pid();
    timespec = arena.allocate(SyscallBindings.TIMESPEC_SIZE, 8);
    statBuf = arena.allocate(SyscallBindings.STAT_BUF_SIZE, 8);
    byteBuf = arena.allocate(1);

    file = createFile();
    Files.write(file, new byte[64]);
    filePath = arena.allocateFrom(file.toAbsolutePath().toString());

    devZero = SyscallBindings.openOrThrow("/dev/zero", SyscallBindings.O_RDONLY);
    devNull = SyscallBindings.openOrThrow("/dev/null", SyscallBindings.O_WRONLY);
  }

  /**
   * A small regular file in the run's private scratch directory (docs/methodology.md, "stat"): its
   * filesystem and path are part of what stat/openClose measure. There, a fork killed before its
   * tearDown leaves the file in a directory the runner removes (now, or the next run if the runner
   * was killed too), never in java.io.tmpdir. java.io.tmpdir only when no runner gave a directory
   * (the suite run by hand through JMH).
   */
  static Path createFile() throws IOException {
    Path dir = SuiteConfig.scratchOrNull();
    return dir != null
        ? Files.createTempFile(dir, FILE_PREFIX, ".dat")
        : Files.createTempFile(FILE_PREFIX, ".dat");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (devZero >= 0) {
      SyscallBindings.close(devZero);
      devZero = -1;
    }
    if (devNull >= 0) {
      SyscallBindings.close(devNull);
      devNull = -1;
    }
    if (file != null) {
      Files.deleteIfExists(file);
      file = null;
    }
  }

  @Benchmark
  @PrimaryMetric(Kind.LATENCY_NS)
  public long baseline() {
    return SyscallBindings.labs(labsArg);
  }

  @Benchmark
  @PrimaryMetric(Kind.LATENCY_NS)
  public long getpid() {
    return SyscallBindings.sysGetpid();
  }

  @Benchmark
  @PrimaryMetric(Kind.LATENCY_NS)
  public int clockGettimeVdso() {
    int r = SyscallBindings.clockGettime(SyscallBindings.CLOCK_MONOTONIC, timespec);
    if (r < 0) {
      throw failure("clock_gettime", r);
    }
    return r;
  }

  @Benchmark
  @PrimaryMetric(Kind.LATENCY_NS)
  public long clockGettimeSyscall() {
    long r = SyscallBindings.sysClockGettime(SyscallBindings.CLOCK_MONOTONIC, timespec);
    if (r < 0) {
      throw failure("syscall(SYS_clock_gettime)", r);
    }
    return r;
  }

  @Benchmark
  @PrimaryMetric(Kind.LATENCY_NS)
  public int stat() {
    int r = SyscallBindings.stat(filePath, statBuf);
    if (r < 0) {
      throw failure("stat", r);
    }
    return r;
  }

  @Benchmark
  @PrimaryMetric(Kind.LATENCY_NS)
  public int openClose() {
    int fd = SyscallBindings.openat(SyscallBindings.AT_FDCWD, filePath, SyscallBindings.O_RDONLY);
    if (fd < 0) {
      throw failure("openat", fd);
    }
    int r = SyscallBindings.close(fd);
    if (r < 0) {
      throw failure("close", r);
    }
    return fd;
  }

  @Benchmark
  @PrimaryMetric(Kind.LATENCY_NS)
  public long readDevZero() {
    long n = SyscallBindings.read(devZero, byteBuf, 1);
    if (n != 1) {
      throw failure("read(/dev/zero)", n);
    }
    return n;
  }

  @Benchmark
  @PrimaryMetric(Kind.LATENCY_NS)
  public long writeDevNull() {
    long n = SyscallBindings.write(devNull, byteBuf, 1);
    if (n != 1) {
      throw failure("write(/dev/null)", n);
    }
    return n;
  }

  /**
   * State of pageFault only, so that its process-wide THP switch is made only in the forks that
   * run pageFault (JMH runs the Trial setup of every state a benchmark method takes).
   */
  @State(Scope.Thread)
  public static class FaultState {
    long pageSize;
    long length;

    @Setup(Level.Trial)
    public void setup() throws IOException {
      SyscallBindings.disableTransparentHugePages();
      pageSize = SyscallBindings.pageSize();
      length = pageSize * FAULT_PAGES;
    }
  }

  /**
   * mmap of FAULT_PAGES fresh anonymous pages, one write per page (each a minor fault that
   * allocates and zeroes a page), munmap. The score is per page: the invocation's time divided by
   * FAULT_PAGES, so it includes 1/16 of the mmap and munmap.
   */
  @Benchmark
  @OperationsPerInvocation(FAULT_PAGES)
  @PrimaryMetric(Kind.LATENCY_NS)
  public int pageFault(FaultState f) {
    long length = f.length;
    long step = f.pageSize;
    MemorySegment map =
        SyscallBindings.mmap(
            length,
            SyscallBindings.PROT_READ | SyscallBindings.PROT_WRITE,
            SyscallBindings.MAP_PRIVATE | SyscallBindings.MAP_ANONYMOUS);
    if (map.address() == -1L) {
      throw failure("mmap", -1);
    }
    MemorySegment pages = map.reinterpret(length);
    // A write, not a read: reading an untouched anonymous page maps the shared zero page instead
    // of allocating one, which is a different (cheaper) fault.
    for (long off = 0; off < length; off += step) {
      pages.set(ValueLayout.JAVA_BYTE, off, (byte) 1);
    }
    int r = SyscallBindings.munmap(map, length);
    if (r < 0) {
      throw failure("munmap", r);
    }
    return r;
  }

  @Benchmark
  @PrimaryMetric(Kind.LATENCY_NS)
  public int schedYield() {
    return SyscallBindings.schedYield();
  }

  /** For the test: the file stat and openClose use. */
  Path file() {
    return file;
  }
}
