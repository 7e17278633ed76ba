package io.virtpath.cli.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {
  @TempDir Path tmp;

  private Path tree(String name, long mtime) throws Exception {
    Path root = Files.createDirectories(tmp.resolve(name));
    Files.createDirectories(root.resolve("bin"));
    Path tool = Files.writeString(root.resolve("bin/tool"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-x---"));
    Path deep = Files.createDirectories(root.resolve("legal/" + "a-rather-long-module-name/".repeat(4)));
    Files.writeString(deep.resolve("LICENSE"), "text ".repeat(300)); // a name past ustar's 100 bytes
    Files.createSymbolicLink(root.resolve("legal/LINK"), Path.of("a-rather-long-module-name/x"));
    Files.setLastModifiedTime(tool, FileTime.fromMillis(mtime));
    return root;
  }

  private static byte[] tarGz(Path root) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarGz.write(BundleTree.of(root), "top", out);
    return out.toByteArray();
  }

  @Test
  void theSameContentGivesTheSameBytesAndHashWhateverTheTimesAndPermissionGroupBits() throws Exception {
    Path a = tree("a", 1_000_000L);
    Path b = tree("b", 2_000_000_000L);
    Files.setPosixFilePermissions(b.resolve("bin/tool"), PosixFilePermissions.fromString("rwxrwxrwx"));
    assertArrayEquals(tarGz(a), tarGz(b));
    assertEquals(BundleTree.of(a).contentSha256(), BundleTree.of(b).contentSha256());
    Files.writeString(b.resolve("bin/tool"), "#!/bin/sh\necho ho\n");
    assertNotEquals(BundleTree.of(a).contentSha256(), BundleTree.of(b).contentSha256());
  }

  @Test
  void systemTarUnpacksModesLongNamesAndLinks() throws Exception {
    Path a = tree("a", 1_000_000L);
    Path archive = tmp.resolve("a.tar.gz");
    Files.write(archive, tarGz(a));
    Path out = Files.createDirectories(tmp.resolve("out"));
    Process p = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", out.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), log);
    assertTrue(log.isBlank(), "tar has no complaint: " + log);
    Path top = out.resolve("top");
    assertTrue(Files.isExecutable(top.resolve("bin/tool")));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(top.resolve("bin/tool"))));
    assertEquals("text ".repeat(300),
        Files.readString(top.resolve("legal/" + "a-rather-long-module-name/".repeat(4) + "LICENSE")));
    assertEquals(Path.of("a-rather-long-module-name/x"), Files.readSymbolicLink(top.resolve("legal/LINK")));
    assertEquals(FileTime.fromMillis(TarGz.MTIME * 1000), Files.getLastModifiedTime(top.resolve("bin/tool")));
  }
}
