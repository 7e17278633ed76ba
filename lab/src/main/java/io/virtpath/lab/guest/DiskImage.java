package io.virtpath.lab.guest;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The raw disk image a guest gets as its disk under test, formatted ext4 on the host. */
public final class DiskImage {
  /** Below this mkfs.ext4 makes a filesystem too small for the suites' scratch files anyway. */
  public static final long MIN_BYTES = 16L << 20;

  private DiskImage() {}

  /**
   * Creates (or replaces) {@code file} as a sparse raw image of {@code bytes} and formats it ext4.
   * Inode tables and the journal are initialized now ({@code lazy_*_init=0}): otherwise the
   * guest's ext4lazyinit thread writes them in the background during the first benchmarks.
   */
  public static void create(Path file, long bytes) throws IOException {
    if (bytes < MIN_BYTES || bytes % 4096 != 0) {
      throw new IllegalArgumentException(
          "disk image size must be a multiple of 4096 and at least " + MIN_BYTES + " bytes, got "
              + bytes);
    }
    String mkfs = QemuArgs.tool("mkfs.ext4", "e2fsprogs");
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.deleteIfExists(file); // a fresh file is sparse; an old one may hold allocated blocks
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(bytes);
    } catch (IOException e) {
      throw new IOException("cannot create the " + bytes + "-byte disk image " + file + ": "
          + e.getMessage(), e);
    }
    Shell.Result r =
        Shell.run(
            List.of(mkfs, "-F", "-q", "-L", "vpscratch",
                "-E", "lazy_itable_init=0,lazy_journal_init=0", file.toString()),
            Duration.ofMinutes(10));
    if (!r.ok()) {
      Files.deleteIfExists(file);
      throw new IOException("mkfs.ext4 on " + file + " failed (exit " + r.exit() + "): "
          + (r.stderr().strip() + " " + r.stdout().strip()).strip());
    }
  }
}
