package io.virtpath.bench.disk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.virtpath.bench.ffm.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The libc calls of the disk suite. Every I/O handle is an ordinary (blocking) downcall, because
 * each of these calls may sleep in the kernel waiting for the device; and every one captures errno
 * (a few ns next to microseconds of I/O), so a failure can always be explained.
 *
 * <p>The raw methods ({@link #pread}, {@link #pwrite}, ...) return the C result unchanged: callers
 * in timed code compare it and only on failure call {@link #failure} to build the exception.
 */
final class DiskNative {
  // Flag values from the kernel's uapi headers. O_DIRECT and O_DIRECTORY differ between x86-64 /
  // the generic table (riscv64) and arm64, which is why they are chosen by architecture.
  static final int O_RDONLY = 0;
  static final int O_WRONLY = 01;
  static final int O_RDWR = 02;
  static final int O_CREAT = 0100;
  static final int O_EXCL = 0200;
  static final int O_CLOEXEC = 02000000;
  static final int O_DIRECT;
  static final int O_DIRECTORY;

  static final int POSIX_FADV_DONTNEED = 4;

  // errno values (identical on x86-64, arm64 and riscv64).
  static final int EPERM = 1;
  static final int EEXIST = 17;
  static final int EACCES = 13;
  static final int EINVAL = 22;
  static final int ENOSPC = 28;
  static final int EROFS = 30;
  static final int EOPNOTSUPP = 95;
  static final int EDQUOT = 122;

  // statfs f_type values of filesystems that keep file data in RAM.
  private static final long TMPFS_MAGIC = 0x01021994L;
  private static final long RAMFS_MAGIC = 0x858458f6L;
  private static final long HUGETLBFS_MAGIC = 0x958458f6L;

  static {
    String arch = System.getProperty("os.arch");
    switch (arch) {
      case "amd64", "x86_64", "riscv64" -> {
        O_DIRECT = 040000;
        O_DIRECTORY = 0200000;
      }
      case "aarch64" -> {
        O_DIRECT = 0200000;
        O_DIRECTORY = 040000;
      }
      default ->
          throw new IllegalStateException(
              "the disk suite knows the O_DIRECT flag value only for amd64, aarch64 and riscv64,"
                  + " not for " + arch);
    }
  }

  private static final MethodHandle OPEN =
      variadic("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 2);
  private static final MethodHandle OPENAT =
      variadic("openat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 3);
  private static final MethodHandle PREAD =
      Native.withErrno(
          "pread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
  private static final MethodHandle PWRITE =
      Native.withErrno(
          "pwrite", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
  private static final MethodHandle FSYNC =
      Native.withErrno("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle FDATASYNC =
      Native.withErrno("fdatasync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle CLOSE =
      Native.withErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle UNLINKAT =
      Native.withErrno("unlinkat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle FALLOCATE =
      Native.withErrno(
          "fallocate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
  private static final MethodHandle STATFS =
      Native.withErrno("statfs", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  // posix_fadvise returns the error number instead of setting errno.
  private static final MethodHandle POSIX_FADVISE =
      Native.blocking(
          "posix_fadvise", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));

  /** struct statfs is 120 bytes on 64-bit Linux; f_type is its first field (a long). */
  private static final long STATFS_SIZE = 256;

  private DiskNative() {}

  // ---- raw calls: return the C result; errno lands in cap ----

  static int open(MemorySegment cap, MemorySegment path, int flags, int mode) {
    try {
      return (int) OPEN.invokeExact(cap, path, flags, mode);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int openat(MemorySegment cap, int dirfd, MemorySegment name, int flags, int mode) {
    try {
      return (int) OPENAT.invokeExact(cap, dirfd, name, flags, mode);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static long pread(MemorySegment cap, int fd, MemorySegment buf, long len, long off) {
    try {
      return (long) PREAD.invokeExact(cap, fd, buf, len, off);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static long pwrite(MemorySegment cap, int fd, MemorySegment buf, long len, long off) {
    try {
      return (long) PWRITE.invokeExact(cap, fd, buf, len, off);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int fsync(MemorySegment cap, int fd) {
    try {
      return (int) FSYNC.invokeExact(cap, fd);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int fdatasync(MemorySegment cap, int fd) {
    try {
      return (int) FDATASYNC.invokeExact(cap, fd);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int close(MemorySegment cap, int fd) {
    try {
      return (int) CLOSE.invokeExact(cap, fd);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int unlinkat(MemorySegment cap, int dirfd, MemorySegment name) {
    try {
      return (int) UNLINKAT.invokeExact(cap, dirfd, name, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int fallocate(MemorySegment cap, int fd, long len) {
    try {
      return (int) FALLOCATE.invokeExact(cap, fd, 0, 0L, len);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Returns 0 or an error number (posix_fadvise does not use errno). */
  static int fadviseDontNeed(int fd) {
    try {
      return (int) POSIX_FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  // ---- checked conveniences for setup code (not timed) ----

  /** open(2); throws with errno's text on failure. */
  static int openChecked(Path path, int flags, int mode) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cap = Native.newCapture(arena);
      int fd = open(cap, arena.allocateFrom(path.toString()), flags, mode);
      if (fd < 0) {
        throw failure("open", path + ", " + describeFlags(flags), cap);
      }
      return fd;
    }
  }

  static void closeChecked(int fd, String what) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cap = Native.newCapture(arena);
      if (close(cap, fd) < 0) {
        throw failure("close", what, cap);
      }
    }
  }

  /**
   * The name of the RAM-backed filesystem (tmpfs, ramfs, hugetlbfs) that holds {@code dir}, or
   * null when it is something else. Needed because tmpfs accepts O_DIRECT since Linux 6.6 (a no-op
   * there): a successful O_DIRECT open does not prove that a device is behind the file.
   */
  static String memoryBackedFilesystem(Path dir) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cap = Native.newCapture(arena);
      MemorySegment buf = arena.allocate(STATFS_SIZE, 8);
      int rc;
      try {
        rc = (int) STATFS.invokeExact(cap, arena.allocateFrom(dir.toString()), buf);
      } catch (Throwable t) {
        throw rethrow(t);
      }
      if (rc < 0) {
        throw failure("statfs", dir.toString(), cap);
      }
      long type = buf.get(JAVA_LONG, 0) & 0xffffffffL;
      if (type == TMPFS_MAGIC) {
        return "tmpfs";
      } else if (type == RAMFS_MAGIC) {
        return "ramfs";
      } else if (type == HUGETLBFS_MAGIC) {
        return "hugetlbfs";
      }
      return null;
    }
  }

  /** Builds the exception for a failed call from the errno captured in {@code cap}. */
  static ErrnoException failure(String call, String target, MemorySegment cap) {
    return new ErrnoException(call, target, Native.errno(cap));
  }

  /**
   * The exception for a read/write whose result was not the full length: a negative result
   * carries errno, a short one is reported as such (it never happens for aligned I/O inside the
   * file, so it means the file was truncated or the filesystem misbehaves).
   */
  static ErrnoException transferFailure(
      String call, String target, long result, long len, long off, MemorySegment cap) {
    String where = target + ", " + len + " bytes at offset " + off;
    if (result < 0) {
      return failure(call, where, cap);
    }
    return new ErrnoException(call, where, "transferred only " + result + " bytes");
  }

  static String describeFlags(int flags) {
    StringBuilder s = new StringBuilder();
    int access = flags & 03;
    s.append(access == O_RDONLY ? "O_RDONLY" : access == O_WRONLY ? "O_WRONLY" : "O_RDWR");
    if ((flags & O_CREAT) != 0) {
      s.append("|O_CREAT");
    }
    if ((flags & O_EXCL) != 0) {
      s.append("|O_EXCL");
    }
    if ((flags & O_DIRECT) != 0) {
      s.append("|O_DIRECT");
    }
    if ((flags & O_DIRECTORY) != 0) {
      s.append("|O_DIRECTORY");
    }
    return s.toString();
  }

  @SuppressWarnings("restricted") // native access is granted by --enable-native-access
  private static MethodHandle variadic(String name, FunctionDescriptor fd, int firstVariadic) {
    MemorySegment symbol =
        Native.LIBC
            .find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    return Native.LINKER.downcallHandle(
        symbol,
        fd,
        Linker.Option.captureCallState("errno"),
        // Index into the C parameters (the capture segment the handle prepends does not count):
        // the mode argument of open/openat is variadic, which matters for the x86-64 ABI.
        Linker.Option.firstVariadicArg(firstVariadic));
  }

  /** Downcalls throw only for programming errors (wrong segment kind, closed arena ...). */
  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }
}
