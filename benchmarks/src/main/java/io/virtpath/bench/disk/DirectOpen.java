package io.virtpath.bench.disk;

import io.virtpath.core.UsageException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one policy, shared by {@link DiskScratch} and the benchmark JVMs, for opening a file of the
 * disk suite: with O_DIRECT whenever a device is behind the file, buffered only when the user
 * allowed it and O_DIRECT cannot work, otherwise a {@link UsageException} that says why.
 */
final class DirectOpen {
  /** An open descriptor and whether the page cache is bypassed for it. */
  record Fd(int fd, boolean direct) {}

  private DirectOpen() {}

  /**
   * Opens {@code path} (whose parent directory exists) with {@code flags | O_DIRECT}, falling back
   * to {@code flags} alone only if {@code allowBuffered}.
   */
  static Fd open(Path path, int flags, int mode, boolean allowBuffered) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    String ramFs = DiskNative.memoryBackedFilesystem(dir);
    if (ramFs != null) {
      // O_DIRECT may be accepted here, but there is no device: refuse or go buffered openly.
      if (!allowBuffered) {
        throw new UsageException(memoryBackedMessage(dir, ramFs));
      }
      return new Fd(DiskNative.openChecked(path, flags, mode), false);
    }
    try {
      return new Fd(DiskNative.openChecked(path, flags | DiskNative.O_DIRECT, mode), true);
    } catch (ErrnoException e) {
      if (e.errno() != DiskNative.EINVAL) {
        throw e;
      }
      if ((flags & DiskNative.O_CREAT) != 0) {
        // The kernel creates the file before it checks O_DIRECT support: remove it again so the
        // buffered retry with O_EXCL does not find it.
        Files.deleteIfExists(path);
      }
      if (!allowBuffered) {
        throw new UsageException(refusedMessage(dir));
      }
      return new Fd(DiskNative.openChecked(path, flags, mode), false);
    }
  }

  /** The filesystem type of {@code dir} as the mount table names it, e.g. "ext4". */
  static String filesystemType(Path dir) {
    try {
      return Files.getFileStore(dir).type();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String refusedMessage(Path dir) {
    return "The scratch directory "
        + dir
        + " is on "
        + describe(dir)
        + ", which refuses O_DIRECT (open returned EINVAL). The disk suite needs O_DIRECT so that"
        + " the page cache cannot answer its reads and writes. Point --scratch at a directory on"
        + " a disk-backed filesystem that supports O_DIRECT (e.g. ext4 or xfs), or pass"
        + " --allow-buffered to measure buffered I/O there (results are then marked as not"
        + " direct).";
  }

  static String memoryBackedMessage(Path dir, String ramFs) {
    return "The scratch directory "
        + dir
        + " is on "
        + describe(dir)
        + ", which keeps files in RAM ("
        + ramFs
        + "): there is no disk behind it (tmpfs even accepts"
        + " O_DIRECT since Linux 6.6, as a no-op), so the disk suite would measure memory."
        + " Point --scratch at a directory on a disk-backed filesystem (e.g. /var/tmp), or pass"
        + " --allow-buffered to measure it anyway (results are then marked as not direct).";
  }

  /** "the ext4 filesystem / (/dev/vda)": type, mount point and source, for messages. */
  static String describe(Path dir) {
    try {
      FileStore store = Files.getFileStore(dir);
      return "the " + store.type() + " filesystem " + store;
    } catch (IOException e) {
      return "a filesystem of unknown type";
    }
  }
}
