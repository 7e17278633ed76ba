package io.virtpath.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private static long count(Path d) {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
