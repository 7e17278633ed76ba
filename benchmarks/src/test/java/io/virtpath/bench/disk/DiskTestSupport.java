package io.virtpath.bench.disk;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared checks for the disk tests. */
final class DiskTestSupport {
  private DiskTestSupport() {}

  /** Skips the calling test unless {@code dir} is on a disk-backed filesystem. */
  static void assumeDiskBacked(Path dir) throws IOException {
    String ramFs = DiskNative.memoryBackedFilesystem(dir);
    assumeTrue(ramFs == null, dir + " is on " + ramFs + "; these tests need a disk");
  }

  /** A fresh directory under /dev/shm, or a skipped test when /dev/shm is not a tmpfs. */
  static Path tmpfsDir() throws IOException {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm), "no /dev/shm");
    assumeTrue(
        "tmpfs".equals(DiskNative.memoryBackedFilesystem(shm)), "/dev/shm is not a tmpfs here");
    return Files.createTempDirectory(shm, "virtpath-disk-test-");
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }
}
