package io.virtpath.runner.counters;

import io.virtpath.bench.ffm.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Voluntary and involuntary context switches of this process: every thread of the JVM, those that
 * ended too, from {@code getrusage(RUSAGE_SELF)}'s {@code ru_nvcsw} and {@code ru_nivcsw}.
 *
 * <p>Not /proc/self/task/TID/status: the kernel formats a whole status file per thread to give two
 * numbers (about 460 µs for 20 threads on the development VM, against a few µs here), and a
 * thread that ended between two readings would take its switches with it.
 */
public record ProcessSwitches(long voluntary, long involuntary) {
  private static final MethodHandle GETRUSAGE =
      Native.blocking("getrusage", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  private static final int RUSAGE_SELF = 0;
  // struct rusage on 64-bit Linux (x86_64, aarch64): two struct timeval (16 bytes each), then 14 longs
  private static final long SIZE = 32 + 14 * 8;
  private static final long NVCSW = 32 + 12 * 8;
  private static final long NIVCSW = 32 + 13 * 8;

  /** Reads this process's counts now. */
  public static ProcessSwitches ofThisProcess() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment usage = arena.allocate(SIZE, 8);
      int rc = (int) GETRUSAGE.invokeExact(RUSAGE_SELF, usage);
      if (rc != 0) {
        throw new IllegalStateException("getrusage(RUSAGE_SELF) failed");
      }
      return new ProcessSwitches(usage.get(ValueLayout.JAVA_LONG, NVCSW), usage.get(ValueLayout.JAVA_LONG, NIVCSW));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("getrusage downcall failed", t);
    }
  }
}
