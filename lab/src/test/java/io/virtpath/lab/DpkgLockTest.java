package io.virtpath.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An install waits for another installation's dpkg lock instead of failing on it, and says so. */
class DpkgLockTest {
  @TempDir Path tmp;

  @Test
  void findsTheHolderOfAPosixLockInProcLocks() {
    List<String> lines = List.of(
        "1: FLOCK  ADVISORY  WRITE 4233 fe:00:2155064 0 EOF",
        "2: POSIX  ADVISORY  WRITE 3423 fe:00:1490999 0 EOF",
        "2: -> POSIX  ADVISORY  WRITE 5555 fe:00:1490999 0 EOF");
    assertEquals(OptionalLong.of(3423), DpkgLock.holder(lines, 1490999));
    assertEquals(OptionalLong.empty(), DpkgLock.holder(lines, 2155064), "flock is not what apt takes");
    assertEquals(OptionalLong.empty(), DpkgLock.holder(lines, 42));
  }

  @Test
  void aRealFcntlLockIsSeenWithItsPid() throws Exception {
    // apt locks with fcntl, as the JDK's FileChannel.lock does on Linux
    Path file = Files.createFile(tmp.resolve("lock-frontend"));
    assertFalse(DpkgLock.holder(file).isPresent(), "nobody holds it yet");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
      assertEquals(OptionalLong.of(ProcessHandle.current().pid()), DpkgLock.holder(file));
      assertTrue(DpkgLock.describe(ProcessHandle.current().pid()).startsWith("pid "
          + ProcessHandle.current().pid() + " ("));
    }
    assertFalse(DpkgLock.holder(file).isPresent(), "released");
  }

  @Test
  void aMissingLockFileMeansNothingToWaitFor() {
    assertFalse(DpkgLock.holder(tmp.resolve("no-dpkg-here")).isPresent());
    assertEquals(List.of("-o", "DPkg::Lock::Timeout=300"), DpkgLock.waitOption());
  }
}
