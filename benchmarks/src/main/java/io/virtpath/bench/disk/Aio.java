package io.virtpath.bench.disk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.virtpath.bench.ffm.Native;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Linux native AIO — io_setup, io_submit, io_getevents, io_destroy — called through syscall(2),
 * without libaio: the kernel interface fio's {@code libaio} engine uses. Every call captures errno
 * (the capture segment is the first argument), because these are set-up and reap calls whose
 * failure must be explained, and their cost is small next to a disk request.
 *
 * <p>Struct layouts are those of {@code linux/aio_abi.h} on little-endian 64-bit Linux (x86_64 and
 * aarch64 alike): a 64-byte {@code struct iocb} and a 32-byte {@code struct io_event}.
 */
final class Aio {
  static final long IOCB_SIZE = 64;
  static final long IOCB_DATA = 0;
  static final long IOCB_OPCODE = 16;
  static final long IOCB_FILDES = 20;
  static final long IOCB_BUF = 24;
  static final long IOCB_NBYTES = 32;
  static final long IOCB_OFFSET = 40;
  static final short IOCB_CMD_PREAD = 0;
  static final short IOCB_CMD_PWRITE = 1;

  static final long EVENT_SIZE = 32;
  static final long EVENT_DATA = 0;
  static final long EVENT_RES = 16;

  private static final long SYS_IO_SETUP;
  private static final long SYS_IO_DESTROY;
  private static final long SYS_IO_SUBMIT;
  private static final long SYS_IO_GETEVENTS;

  static {
    switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> {
        SYS_IO_SETUP = 206;
        SYS_IO_DESTROY = 207;
        SYS_IO_GETEVENTS = 208;
        SYS_IO_SUBMIT = 209;
      }
      case "aarch64" -> {
        SYS_IO_SETUP = 0;
        SYS_IO_DESTROY = 1;
        SYS_IO_SUBMIT = 2;
        SYS_IO_GETEVENTS = 4;
      }
      default -> throw new UnsupportedOperationException(
          "native AIO syscall numbers are known for x86_64 and aarch64 Linux only, not " + System.getProperty("os.arch"));
    }
  }

  /** syscall(nr, a, b): io_setup(nr_events, ctx*), io_destroy(ctx, unused). */
  private static final MethodHandle SYSCALL2 = handle(FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
  /** syscall(nr, ctx, n, iocb**): io_submit. */
  private static final MethodHandle SYSCALL3 =
      handle(FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
  /** syscall(nr, ctx, min_nr, nr, events*, timeout*): io_getevents. */
  private static final MethodHandle SYSCALL5 =
      handle(FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS));

  private Aio() {}

  private static MethodHandle handle(FunctionDescriptor fd) {
    // the capture segment comes first, then the syscall number; the kernel's arguments are variadic
    return Native.LINKER.downcallHandle(Native.LIBC.find("syscall").orElseThrow(), fd,
        Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
  }

  /** io_setup: a context for {@code events} requests, written into {@code ctxBox} (8 bytes, zeroed). */
  static void setup(MemorySegment cap, int events, MemorySegment ctxBox) throws ErrnoException {
    check(call2(cap, SYS_IO_SETUP, events, ctxBox), cap, "io_setup", events + " events");
  }

  static void destroy(MemorySegment cap, long ctx) throws ErrnoException {
    check(call2(cap, SYS_IO_DESTROY, ctx, MemorySegment.NULL), cap, "io_destroy", "context");
  }

  /** io_submit: the number of iocbs the kernel took. */
  static long submit(MemorySegment cap, long ctx, long n, MemorySegment iocbPointers) throws ErrnoException {
    try {
      return check((long) SYSCALL3.invokeExact(cap, SYS_IO_SUBMIT, ctx, n, iocbPointers), cap, "io_submit", n + " iocbs");
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** io_getevents without a timeout: blocks until at least {@code min} requests completed. */
  static long getEvents(MemorySegment cap, long ctx, long min, long max, MemorySegment events) throws ErrnoException {
    try {
      return check((long) SYSCALL5.invokeExact(cap, SYS_IO_GETEVENTS, ctx, min, max, events, MemorySegment.NULL), cap,
          "io_getevents", "min " + min);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static long call2(MemorySegment cap, long nr, long a, MemorySegment b) {
    try {
      return (long) SYSCALL2.invokeExact(cap, nr, a, b);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static long check(long r, MemorySegment cap, String call, String what) throws ErrnoException {
    if (r < 0) {
      throw new ErrnoException(call, what, Native.errno(cap));
    }
    return r;
  }
}
