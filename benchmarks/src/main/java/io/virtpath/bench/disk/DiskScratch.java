package io.virtpath.bench.disk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.virtpath.bench.ffm.Native;
import io.virtpath.bench.syscall.SyscallBench;
import io.virtpath.core.ProcessOwner;
import io.virtpath.core.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Prepares the disk suite's scratch directory before JMH starts (in the runner's JVM, so that the
 * minutes of writing a large file are neither timed nor repeated per fork) and removes it after.
 *
 * <p>The test file is filled with real, written data. Preallocation alone is not enough: ext4/xfs
 * mark fallocated blocks "unwritten" and answer reads of them with zeros without touching the
 * device, and thin-provisioned images do the same for blocks never written. Every 4 KiB block also
 * carries its own offset, so no layer can deduplicate or compress the file into nothing.
 */
public final class DiskScratch implements AutoCloseable {
  /** The test file every disk benchmark opens. */
  public static final String DATA_FILE = "virtpath-disk.dat";

  /** The tiny file whose cached page {@code baselineCachedRead4k} reads. */
  static final String BASELINE_FILE = "virtpath-baseline.dat";

  /** Prefix of the files {@code smallFileCreateFsyncUnlink} creates (and always removes). */
  static final String SMALL_FILE_PREFIX = "virtpath-small-";

  /**
   * Written into the private directory before anything else: the pid and start time of the run
   * that owns it, so that a later run can tell the directory of a killed run (remove it) from the
   * one of a live run (keep it), even after the pid was reused.
   */
  public static final String OWNER_FILE = ".virtpath-owner";

  /** Direct I/O unit: offsets, lengths and buffer addresses are multiples of it. */
  static final int BLOCK = 4096;

  /** The sequential benchmarks move 1 MiB per operation, so the file holds at least one. */
  static final long MIN_FILE_SIZE = 1L << 20;

  /**
   * Headroom beyond the test file: the small-file benchmark's files, the journal, and not filling
   * the user's filesystem to the brim (ext4 and xfs get slow and fragmented when nearly full).
   */
  static final long FREE_SPACE_MARGIN = 64L << 20;

  /** Size of one preparation write: large enough to stream at device speed. */
  private static final int CHUNK = 4 << 20;

  private final Path dir;
  private final Path dataFile;
  private final boolean directIo;
  private final String filesystem;
  private boolean closed;

  private DiskScratch(Path dir, Path dataFile, boolean directIo, String filesystem) {
    this.dir = dir;
    this.dataFile = dataFile;
    this.directIo = directIo;
    this.filesystem = filesystem;
  }

  /**
   * Checks {@code dir} and writes the test file {@value #DATA_FILE} of exactly {@code fileSize}
   * bytes into it.
   *
   * @param dir a private, existing directory the runner created for this run
   * @param fileSize test file size in bytes: a multiple of 4096, at least 1 MiB
   * @param allowBuffered continue without O_DIRECT where the filesystem cannot do it
   * @param progress receives human-readable progress lines
   * @throws UsageException when the directory, its free space or its filesystem do not fit
   */
  public static DiskScratch prepare(
      Path dir, long fileSize, boolean allowBuffered, Consumer<String> progress) {
    checkFileSize(fileSize);
    checkDirectory(dir);
    String fsType = DirectOpen.filesystemType(dir);
    checkFreeSpace(dir, fileSize);
    Path data = dir.resolve(DATA_FILE);
    try {
      boolean direct = writeDataFile(data, fileSize, allowBuffered, progress);
      return new DiskScratch(dir, data, direct, fsType);
    } catch (IOException e) {
      throw translate(e, dir, fileSize);
    }
  }

  /**
   * Creates the private directory {@code base/name} (it must not exist) and writes its owner file:
   * from this moment a crash leaves something a later run can recognise and remove.
   */
  public static Path createPrivateDir(Path base, String name) throws IOException {
    Path dir = Files.createDirectory(base.resolve(name));
    try {
      ProcessOwner.self().write(dir.resolve(OWNER_FILE));
    } catch (IOException e) {
      Files.deleteIfExists(dir);
      throw e;
    }
    return dir;
  }

  /**
   * Removes a private directory made by {@link #createPrivateDir} with whatever the suites wrote
   * into it, also half-way through {@link #prepare} (a signal while the test file is written) and
   * the syscall suite's file of a fork killed before its tearDown.
   */
  public static void removePrivateDir(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(DATA_FILE));
    Files.deleteIfExists(dir.resolve(BASELINE_FILE));
    deleteSmallFiles(dir, SMALL_FILE_PREFIX);
    deleteSmallFiles(dir, SyscallBench.FILE_PREFIX);
    Files.deleteIfExists(dir.resolve(OWNER_FILE));
    Files.deleteIfExists(dir);
  }

  public Path dataFile() {
    return dataFile;
  }

  /** False only if the user allowed buffered I/O and the filesystem could not do direct I/O. */
  public boolean directIo() {
    return directIo;
  }

  /** The scratch filesystem's type as the mount table names it, e.g. "ext4". */
  public String filesystem() {
    return filesystem;
  }

  /** Deletes the test file and whatever the benchmarks may have left behind; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      Files.deleteIfExists(dataFile);
      Files.deleteIfExists(dir.resolve(BASELINE_FILE));
      deleteSmallFiles(dir, SMALL_FILE_PREFIX);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up the disk scratch directory " + dir, e);
    }
    closed = true;
  }

  /** Deletes the files in {@code dir} whose names start with {@code prefix}. */
  static void deleteSmallFiles(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*")) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    }
  }

  // ---- checks ----

  private static void checkFileSize(long fileSize) {
    if (fileSize < MIN_FILE_SIZE || fileSize % BLOCK != 0) {
      throw new UsageException(
          "The disk test file size "
              + fileSize
              + " bytes is not usable: it must be at least 1 MiB and a multiple of 4096 bytes"
              + " (direct I/O moves whole 4 KiB blocks). Choose e.g. 1 GiB.");
    }
  }

  private static void checkDirectory(Path dir) {
    if (!Files.exists(dir)) {
      throw new UsageException(
          "The disk scratch directory "
              + dir
              + " does not exist. Create it, or point --scratch at an existing directory on the"
              + " disk to measure.");
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException(
          "The disk scratch path "
              + dir
              + " is not a directory. Point --scratch at a directory on the disk to measure.");
    }
    if (!Files.isWritable(dir)) {
      throw new UsageException(
          "The disk scratch directory "
              + dir
              + " is not writable by this user. Fix its permissions, or point --scratch at a"
              + " writable directory on the disk to measure.");
    }
  }

  private static void checkFreeSpace(Path dir, long fileSize) {
    long free;
    try {
      FileStore store = Files.getFileStore(dir);
      free = store.getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the free space of " + dir, e);
    }
    long needed = fileSize + FREE_SPACE_MARGIN;
    if (free < needed) {
      throw new UsageException(
          "Not enough free space for the disk suite in "
              + dir
              + " (on "
              + DirectOpen.describe(dir)
              + "): it needs "
              + human(needed)
              + " (a "
              + human(fileSize)
              + " test file plus "
              + human(FREE_SPACE_MARGIN)
              + " headroom) but only "
              + human(free)
              + " is free. Free some space, point --scratch at a larger filesystem, or choose a"
              + " smaller disk test file.");
    }
  }

  // ---- writing the test file ----

  /** Writes the file; returns whether it was written with O_DIRECT. */
  private static boolean writeDataFile(
      Path data, long size, boolean allowBuffered, Consumer<String> progress) throws IOException {
    int createFlags =
        DiskNative.O_WRONLY | DiskNative.O_CREAT | DiskNative.O_EXCL | DiskNative.O_CLOEXEC;
    // O_EXCL: once this succeeds the file is ours, and only then may a failure delete it.
    DirectOpen.Fd file = DirectOpen.open(data, createFlags, 0600, allowBuffered);
    int fd = file.fd();
    boolean direct = file.direct();
    boolean complete = false;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cap = Native.newCapture(arena);
      MemorySegment buf = arena.allocate(CHUNK, BLOCK);
      fillRandom(buf);
      preallocate(cap, fd, size, data);
      progress.accept(
          String.format(
              Locale.ROOT,
              "disk: writing the %s test file %s (%s)",
              human(size),
              data,
              direct ? "O_DIRECT" : "buffered, O_DIRECT not possible here"));
      long off = 0;
      int reportedTenths = 0; // one message per 10 % crossed
      while (off < size) {
        int len = (int) Math.min(CHUNK, size - off);
        stampOffsets(buf, len, off);
        long n = DiskNative.pwrite(cap, fd, buf, len, off);
        if (n < 0 && direct && off == 0 && Native.errno(cap) == DiskNative.EINVAL) {
          // The open accepted O_DIRECT but the filesystem refuses direct writes: same verdict
          // as a refused open.
          if (!allowBuffered) {
            throw new UsageException(DirectOpen.refusedMessage(data.getParent()));
          }
          DiskNative.closeChecked(fd, data.toString());
          fd = DiskNative.openChecked(data, DiskNative.O_WRONLY | DiskNative.O_CLOEXEC, 0);
          direct = false;
          progress.accept("disk: direct writes refused, continuing buffered (--allow-buffered)");
          continue;
        }
        if (n != len) {
          throw DiskNative.transferFailure("pwrite", data.toString(), n, len, off, cap);
        }
        off += len;
        int tenths = (int) (off * 10 / size);
        if (tenths > reportedTenths && off < size) {
          reportedTenths = tenths;
          progress.accept(
              String.format(
                  Locale.ROOT, "disk: %d %% (%s of %s)", off * 100 / size, human(off), human(size)));
        }
      }
      if (DiskNative.fsync(cap, fd) < 0) {
        throw DiskNative.failure("fsync", data.toString(), cap);
      }
      // After fsync every page is clean, so DONTNEED really drops them: a buffered fallback then
      // starts from the device, not from pages this preparation left in RAM.
      int rc = DiskNative.fadviseDontNeed(fd);
      progress.accept(
          rc == 0
              ? "disk: test file written, fsynced and evicted from the page cache"
              : "disk: test file written and fsynced; page cache eviction failed: "
                  + Native.strerror(rc));
      complete = true;
    } finally {
      if (!complete) {
        deleteQuietly(data); // unlinking an open file is fine; do it before close can throw
      }
      DiskNative.closeChecked(fd, data.toString());
    }
    return direct;
  }

  /**
   * Reserves the blocks up front: fails fast with ENOSPC instead of after minutes of writing, and
   * lets the filesystem choose large contiguous extents. Filesystems without fallocate simply
   * allocate while the data is written.
   */
  private static void preallocate(MemorySegment cap, int fd, long size, Path data)
      throws ErrnoException {
    if (DiskNative.fallocate(cap, fd, size) < 0) {
      int errno = Native.errno(cap);
      if (errno == DiskNative.ENOSPC || errno == DiskNative.EDQUOT) {
        throw DiskNative.failure("fallocate", data.toString(), cap);
      }
    }
  }

  private static void fillRandom(MemorySegment buf) {
    SplittableRandom random = new SplittableRandom();
    for (long i = 0; i < buf.byteSize(); i += 8) {
      buf.set(JAVA_LONG, i, random.nextLong());
    }
  }

  /** Makes every 4 KiB block of the file distinct (defeats dedup/zero detection below us). */
  private static void stampOffsets(MemorySegment buf, int len, long fileOffset) {
    for (int b = 0; b < len; b += BLOCK) {
      buf.set(JAVA_LONG, b, fileOffset + b + 1);
    }
  }

  /** Turns the errors a user can fix into UsageExceptions; the rest stay I/O errors. */
  private static RuntimeException translate(IOException e, Path dir, long fileSize) {
    if (e instanceof ErrnoException ee) {
      switch (ee.errno()) {
        case DiskNative.ENOSPC, DiskNative.EDQUOT -> {
          return new UsageException(
              "The filesystem of "
                  + dir
                  + " ran out of space (or quota) while writing the "
                  + human(fileSize)
                  + " disk test file: "
                  + e.getMessage()
                  + ". Free some space, point --scratch elsewhere, or choose a smaller file.",
              e);
        }
        case DiskNative.EACCES, DiskNative.EPERM, DiskNative.EROFS -> {
          return new UsageException(
              "Cannot create the disk test file in "
                  + dir
                  + ": "
                  + e.getMessage()
                  + ". Point --scratch at a directory this user can write to.",
              e);
        }
        case DiskNative.EEXIST -> {
          return new UsageException(
              "The disk scratch directory "
                  + dir
                  + " already holds "
                  + DATA_FILE
                  + "; it must be a fresh directory. Remove the file or use another directory.",
              e);
        }
        default -> {}
      }
    }
    return new UncheckedIOException("preparing the disk test file in " + dir + " failed", e);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Best effort: the original error is the one worth reporting.
    }
  }

  static String human(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0
        ? bytes + " B"
        : String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f %s" : "%.1f %s", v, units[u]);
  }
}
