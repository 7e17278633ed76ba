package io.virtpath.bench.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Downcall plumbing shared by the suites: libc lookup, errno capture, error text. Each suite keeps
 * its own bindings next to its benchmarks (one small class per suite) so that a reader sees exactly
 * which C function a benchmark calls.
 *
 * <p>Two kinds of downcall exist on purpose. {@link #fast} uses {@code Linker.Option.critical}: no
 * Java-to-native thread-state transition, so the harness adds only a few ns to a call that cannot
 * block (getpid, clock_gettime, stat, read of /dev/zero ...). {@link #blocking} is the ordinary
 * downcall, required for calls that may sleep (pipe reads, disk I/O, sockets), because a critical
 * call that blocks would stall every safepoint and therefore the GC.
 */
public final class Native {
  public static final Linker LINKER = Linker.nativeLinker();
  public static final SymbolLookup LIBC = LINKER.defaultLookup();

  private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE_LAYOUT.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
  private static final MethodHandle STRERROR =
      blocking("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

  private Native() {}

  /** A downcall that must not block; see the class comment. */
  public static MethodHandle fast(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(find(name), fd, Linker.Option.critical(false));
  }

  /** A downcall that may block (sleep in the kernel). */
  public static MethodHandle blocking(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(find(name), fd);
  }

  /**
   * A downcall whose first parameter is prepended: a segment of {@link #captureLayout()} that
   * receives errno. Used for setup calls, where an error must be explained; never inside a timed
   * loop, where the check is "result < 0".
   */
  public static MethodHandle withErrno(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(find(name), fd, Linker.Option.captureCallState("errno"));
  }

  /** {@code syscall(long number, ...)}: variadic, so the linker must be told where the varargs start. */
  public static MethodHandle syscall(FunctionDescriptor fd, boolean critical) {
    return critical
        ? LINKER.downcallHandle(
            find("syscall"), fd, Linker.Option.firstVariadicArg(1), Linker.Option.critical(false))
        : LINKER.downcallHandle(find("syscall"), fd, Linker.Option.firstVariadicArg(1));
  }

  public static StructLayout captureLayout() {
    return CAPTURE_LAYOUT;
  }

  /** Allocates an errno capture segment in {@code arena}. */
  public static MemorySegment newCapture(Arena arena) {
    return arena.allocate(CAPTURE_LAYOUT);
  }

  public static int errno(MemorySegment capture) {
    return (int) ERRNO.get(capture, 0L);
  }

  /** The C library's text for an errno value, e.g. "Invalid argument (errno 22)". */
  public static String strerror(int errno) {
    try {
      MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
      return s.reinterpret(256).getString(0) + " (errno " + errno + ")";
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  private static MemorySegment find(String name) {
    return LIBC.find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
  }
}
