package io.virtpath.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writesAndReplacesWholeFiles() throws IOException {
    Path f = dir.resolve("sub/record.json");
    AtomicFiles.write(f, "first".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(f, "second, longer".getBytes(StandardCharsets.UTF_8));
    assertEquals("second, longer", Files.readString(f));
    assertEquals(1, count(f.getParent()), "no temp file may stay behind");
  }

  @Test
  void aFailingWriterLeavesTheOldContentAndNoTempFile() throws IOException {
    Path f = dir.resolve("record.json");
    AtomicFiles.write(f, "intact".getBytes(StandardCharsets.UTF_8));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    f,
                    out -> {
                      out.write("half of a new rec".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertArrayEquals("intact".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(f));
    assertEquals(1, count(dir));
  }

  @Test
  void aFailingFirstWriteLeavesNothing() {
    Path f = dir.resolve("new.json");
    assertThrows(
        IOException.class,
        () ->
            AtomicFiles.write(
                f,
                out -> {
                  throw new IOException("interrupted");
                }));
    assertEquals(0, count(dir));
  }

  @Test
  void filesFollowTheUmaskLikeAnyFileTheUserWrites() throws Exception {
    // a child inherits this JVM's umask; 0600 made a lab record (written as root) unreadable to a
    // non-root report
    Process sh = new ProcessBuilder("sh", "-c", "umask").start();
    int umask = Integer.parseInt(new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip(), 8);
    sh.waitFor();
    Path f = dir.resolve("manifest.json");
    AtomicFiles.write(f, "{}".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(f, "{ }".getBytes(StandardCharsets.UTF_8)); // a rewrite keeps the same mode
    int expected = 0666 & ~umask;
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
    assertEquals(PosixFilePermissions.toString(fromMode(expected)), PosixFilePermissions.toString(perms));
    if (umask == 0022) {
      assertEquals("rw-r--r--", PosixFilePermissions.toString(perms));
    }
  }

  private static Set<PosixFilePermission> fromMode(int mode) {
    Set<PosixFilePermission> s = java.util.EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < 9; bit++) {
      if ((mode & (1 << bit)) != 0) {
        s.add(order[bit]);
      }
    }
    return s;
  }

  private static long count(Path d) {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
