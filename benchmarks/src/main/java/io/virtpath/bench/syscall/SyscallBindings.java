package io.virtpath.bench.syscall;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.virtpath.bench.ffm.Native;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * The C functions the syscall suite calls, one static final handle each (so the JIT treats it as a
 * constant and inlines the downcall stub). Every hot call is a critical downcall ({@link
 * Native#fast}) like the baseline's {@code labs}, so the difference between a benchmark and {@code
 * baseline} is the kernel's work, not a different Java-to-native transition. The wrappers return
 * the raw C result; callers check it (a never-taken branch) and explain failures with {@link
 * #failure}.
 *
 * <p>Syscall numbers differ per architecture; constants that are the same on x86_64 and aarch64
 * Linux (O_RDONLY, AT_FDCWD, PROT_*, MAP_*, CLOCK_MONOTONIC, the offset of st_size) are plain
 * constants.
 */
public final class SyscallBindings {
  public static final int CLOCK_MONOTONIC = 1;
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int AT_FDCWD = -100;
  public static final int PROT_READ = 1;
  public static final int PROT_WRITE = 2;
  public static final int MAP_PRIVATE = 0x02;
  public static final int MAP_ANONYMOUS = 0x20;

  /** sizeof(struct timespec) on LP64: two longs. */
  public static final long TIMESPEC_SIZE = 16;

  /**
   * Room for struct stat: 144 bytes on x86_64, 128 on aarch64. 256 leaves slack so a future layout
   * can never write past the buffer.
   */
  public static final long STAT_BUF_SIZE = 256;

  /** Offset of st_size in struct stat; 48 on both x86_64 and the generic (aarch64) layout. */
  public static final long STAT_ST_SIZE_OFFSET = 48;

  public static final long SYS_GETPID;
  public static final long SYS_CLOCK_GETTIME;

  static {
    String arch = System.getProperty("os.arch");
    switch (arch) {
      case "amd64", "x86_64" -> {
        SYS_GETPID = 39;
        SYS_CLOCK_GETTIME = 228;
      }
      case "aarch64" -> {
        SYS_GETPID = 172;
        SYS_CLOCK_GETTIME = 113;
      }
      default ->
          throw new UnsupportedOperationException(
              "the syscall suite knows syscall numbers for x86_64 and aarch64 Linux only, not "
                  + arch);
    }
  }

  private static final MethodHandle LABS =
      Native.fast("labs", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));

  /** {@code long syscall(long nr)}: everything after the number is variadic. */
  private static final MethodHandle SYSCALL0 =
      Native.syscall(FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), true);

  /**
   * {@code long syscall(long nr, long a, void *b)}. The clock id is passed as a 64-bit long:
   * glibc's syscall() copies whole registers into the kernel, so a 64-bit value leaves no doubt
   * about the upper half of the register (the kernel truncates it to clockid_t anyway).
   */
  private static final MethodHandle SYSCALL2 =
      Native.syscall(FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS), true);

  private static final MethodHandle CLOCK_GETTIME =
      Native.fast("clock_gettime", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

  /** (path, buf) -> int, bound to whichever stat entry point this libc exports. */
  private static final MethodHandle STAT = statHandle();

  /**
   * {@code int openat(int dirfd, const char *path, int flags, ...)}. C declares it variadic (the
   * mode argument is only read with O_CREAT/O_TMPFILE), so the downcall says the variadic part
   * starts after the third argument and passes none. On x86_64 SysV this matters: a variadic
   * callee expects %al to hold the number of vector registers used, and firstVariadicArg makes
   * the linker set it (to 0). Integer arguments travel in the same registers either way, and
   * glibc never reads the absent mode because O_RDONLY has neither flag.
   */
  private static final MethodHandle OPENAT =
      Native.LINKER.downcallHandle(
          Native.LIBC.find("openat").orElseThrow(() -> new UnsatisfiedLinkError("no openat")),
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
          Linker.Option.firstVariadicArg(3),
          Linker.Option.critical(false));

  /** openat with errno capture, for setup, where a failure must say why. */
  private static final MethodHandle OPENAT_ERRNO =
      Native.LINKER.downcallHandle(
          Native.LIBC.find("openat").orElseThrow(() -> new UnsatisfiedLinkError("no openat")),
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
          Linker.Option.firstVariadicArg(3),
          Linker.Option.captureCallState("errno"));

  private static final MethodHandle CLOSE =
      Native.fast("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle READ =
      Native.fast("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle WRITE =
      Native.fast("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

  /**
   * mmap/munmap as critical calls: they take mmap_lock, which nothing else in this process
   * contends for long, so they return in microseconds and cannot stall a safepoint noticeably.
   */
  private static final MethodHandle MMAP =
      Native.fast(
          "mmap",
          FunctionDescriptor.of(
              ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));

  private static final MethodHandle MUNMAP =
      Native.fast("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

  /**
   * sched_yield as a critical call, like the baseline: it may hand the CPU to another runnable
   * thread for at most that thread's slice, which delays a safepoint by as little as a descheduled
   * thread would; a non-critical downcall would add its state transition to the figure.
   */
  private static final MethodHandle SCHED_YIELD =
      Native.fast("sched_yield", FunctionDescriptor.of(JAVA_INT));

  /**
   * read/write as ordinary (non-critical) downcalls, for fds that may block (pipes): a thread
   * sleeping inside a critical call would hold up every safepoint, hence the GC, until it wakes.
   */
  private static final MethodHandle READ_BLOCKING =
      Native.blocking("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

  private static final MethodHandle WRITE_BLOCKING =
      Native.blocking("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

  private static final MethodHandle PIPE =
      Native.withErrno("pipe", FunctionDescriptor.of(JAVA_INT, ADDRESS));

  /** {@code int prctl(int option, ...)}: variadic after the option; setup only. */
  private static final MethodHandle PRCTL =
      Native.LINKER.downcallHandle(
          Native.LIBC.find("prctl").orElseThrow(() -> new UnsatisfiedLinkError("no prctl")),
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
          Linker.Option.firstVariadicArg(1),
          Linker.Option.captureCallState("errno"));

  private static final int PR_SET_THP_DISABLE = 41;

  private static final MethodHandle SYSCONF =
      Native.fast("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));

  private static final int SC_PAGESIZE = 30;

  private SyscallBindings() {}

  public static long labs(long x) {
    try {
      return (long) LABS.invokeExact(x);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** {@code syscall(SYS_getpid)}: the raw syscall, bypassing any caching in a libc wrapper. */
  public static long sysGetpid() {
    try {
      return (long) SYSCALL0.invokeExact(SYS_GETPID);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** libc clock_gettime: the vDSO when the clocksource allows it, else a syscall. */
  public static int clockGettime(int clock, MemorySegment ts) {
    try {
      return (int) CLOCK_GETTIME.invokeExact(clock, ts);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** {@code syscall(SYS_clock_gettime, clock, ts)}: always enters the kernel. */
  public static long sysClockGettime(int clock, MemorySegment ts) {
    try {
      return (long) SYSCALL2.invokeExact(SYS_CLOCK_GETTIME, (long) clock, ts);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** Reads a struct timespec as nanoseconds. */
  public static long timespecNanos(MemorySegment ts) {
    return ts.get(JAVA_LONG, 0) * 1_000_000_000L + ts.get(JAVA_LONG, 8);
  }

  public static int stat(MemorySegment path, MemorySegment buf) {
    try {
      return (int) STAT.invokeExact(path, buf);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static long statSize(MemorySegment buf) {
    return buf.get(JAVA_LONG, STAT_ST_SIZE_OFFSET);
  }

  public static int openat(int dirfd, MemorySegment path, int flags) {
    try {
      return (int) OPENAT.invokeExact(dirfd, path, flags);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** Setup-time open: returns the fd or throws an IOException naming the path and errno. */
  public static int openOrThrow(String path, int flags) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment capture = Native.newCapture(a);
      int fd = (int) OPENAT_ERRNO.invokeExact(capture, AT_FDCWD, a.allocateFrom(path), flags);
      if (fd < 0) {
        throw new IOException(
            "cannot open " + path + ": " + Native.strerror(Native.errno(capture)));
      }
      return fd;
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static int close(int fd) {
    try {
      return (int) CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** read(2) as a critical call: only for fds that cannot block (/dev/zero). */
  public static long read(int fd, MemorySegment buf, long count) {
    try {
      return (long) READ.invokeExact(fd, buf, count);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** write(2) as a critical call: only for fds that cannot block (/dev/null). */
  public static long write(int fd, MemorySegment buf, long count) {
    try {
      return (long) WRITE.invokeExact(fd, buf, count);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** read(2) that may sleep (pipe). */
  public static long readBlocking(int fd, MemorySegment buf, long count) {
    try {
      return (long) READ_BLOCKING.invokeExact(fd, buf, count);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** write(2) that may sleep (pipe). */
  public static long writeBlocking(int fd, MemorySegment buf, long count) {
    try {
      return (long) WRITE_BLOCKING.invokeExact(fd, buf, count);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** pipe(2): returns {read end, write end} or throws an IOException with the errno text. */
  public static int[] pipe() throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment capture = Native.newCapture(a);
      MemorySegment fds = a.allocate(JAVA_INT, 2);
      int r = (int) PIPE.invokeExact(capture, fds);
      if (r < 0) {
        throw new IOException("pipe failed: " + Native.strerror(Native.errno(capture)));
      }
      return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** mmap; returns a zero-length segment whose address is -1 (MAP_FAILED) on error. */
  public static MemorySegment mmap(long length, int prot, int flags) {
    try {
      return (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, length, prot, flags, -1, 0L);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static int munmap(MemorySegment addr, long length) {
    try {
      return (int) MUNMAP.invokeExact(addr, length);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static int schedYield() {
    try {
      return (int) SCHED_YIELD.invokeExact();
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /**
   * prctl(PR_SET_THP_DISABLE, 1): no transparent huge pages of any size for this process. With
   * multi-size THP (Linux 6.8+) set to "always" for 16/32/64 KiB, one fault could map several
   * pages of the pageFault region at once and the per-page figure would be meaningless.
   */
  public static void disableTransparentHugePages() throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment capture = Native.newCapture(a);
      int r = (int) PRCTL.invokeExact(capture, PR_SET_THP_DISABLE, 1L, 0L, 0L, 0L);
      if (r < 0) {
        throw new IOException(
            "prctl(PR_SET_THP_DISABLE) failed: " + Native.strerror(Native.errno(capture)));
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  public static long pageSize() {
    try {
      return (long) SYSCONF.invokeExact(SC_PAGESIZE);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /**
   * The exception for a failed call. The hot paths check only "result < 0" and capture no errno
   * (capturing costs a few ns on every call); the message says where to look instead.
   */
  public static IllegalStateException failure(String call, long result) {
    return new IllegalStateException(
        call + " returned " + result + "; the errno was not captured in the timed loop, re-run"
            + " SyscallBindingsTest or strace the benchmark JVM to see why");
  }

  /**
   * glibc 2.33+ exports stat and fstatat; older glibc exports only __xstat(version, path, buf)
   * (version 1 on x86_64, 0 on aarch64). All three reach the same newfstatat/stat syscall.
   */
  private static MethodHandle statHandle() {
    FunctionDescriptor two = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
    if (Native.LIBC.find("stat").isPresent()) {
      return Native.fast("stat", two);
    }
    if (Native.LIBC.find("fstatat").isPresent()) {
      MethodHandle h =
          Native.fast(
              "fstatat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
      h = MethodHandles.insertArguments(h, 3, 0); // flags
      return MethodHandles.insertArguments(h, 0, AT_FDCWD);
    }
    MethodHandle h =
        Native.fast("__xstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    int version = SYS_GETPID == 39 ? 1 : 0;
    return MethodHandles.insertArguments(h, 0, version);
  }

  private static AssertionError unexpected(Throwable t) {
    // Downcalls throw nothing checked; anything here is a linker bug or an Error to surface.
    return new AssertionError("downcall failed", t);
  }
}
