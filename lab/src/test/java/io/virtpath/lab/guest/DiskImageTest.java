package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.lab.proc.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskImageTest {
  @TempDir Path tmp;

  @Test
  void createsASparseExt4ImageOfTheRequestedSize() throws Exception {
    Path img = tmp.resolve("sub/disk.img");
    long size = 256L << 20;
    DiskImage.create(img, size);
    assertEquals(size, Files.size(img));
    long allocated =
        Long.parseLong(
            Shell.run(Duration.ofSeconds(10), "stat", "-c", "%b", img.toString()).orThrow().stdout().strip())
            * 512;
    assertTrue(allocated < size / 4, "not sparse: " + allocated + " bytes allocated");
    String sb =
        Shell.run(List.of(QemuArgs.tool("dumpe2fs", "e2fsprogs"), "-h", img.toString()), Duration.ofSeconds(10))
            .orThrow()
            .stdout();
    assertTrue(sb.contains("Filesystem volume name:   vpscratch"), sb);
    assertTrue(sb.contains("has_journal") && sb.contains("extent"), sb);
    assertTrue(sb.matches("(?s).*Filesystem state:\\s+clean.*"), sb);
  }

  @Test
  void rejectsSizesMkfsCannotUse() {
    assertThrows(IllegalArgumentException.class, () -> DiskImage.create(tmp.resolve("x"), 1 << 20));
    assertThrows(IllegalArgumentException.class, () -> DiskImage.create(tmp.resolve("x"), (64L << 20) + 1));
  }
}
