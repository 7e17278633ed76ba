package io.virtpath.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir Path tmp;

  @Test
  void deletesATreeWithLinksWithoutFollowingThem() throws IOException {
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "keep");
    Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
    Files.writeString(tree.resolve("f"), "x");
    Files.createSymbolicLink(tmp.resolve("tree/link"), outside);
    Files.createSymbolicLink(tmp.resolve("tree/dirlink"), tmp);
    FileTrees.delete(tmp.resolve("tree"));
    assertFalse(Files.exists(tmp.resolve("tree")));
    assertEquals("keep", Files.readString(outside));
  }

  @Test
  void missingRootIsFine() throws IOException {
    FileTrees.delete(tmp.resolve("nothing-here"));
  }

  @Test
  void mountInfoParsingFindsMountsBelowADirectoryOnly() {
    String info = """
        22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
        30 22 0:40 / /data/run\\0401/x rw - tmpfs tmpfs rw
        31 22 0:41 / /data/run10 rw - tmpfs tmpfs rw
        """;
    List<Mounts.Mount> m = Mounts.parse(info);
    assertEquals(List.of("/data/run 1/x"), Mounts.under(m, Path.of("/data/run 1")));
    assertEquals(List.of("/data/run10"), Mounts.under(m, Path.of("/data/run10")));
  }

  /**
   * The data-safety case: a bind mount of a directory that stands for "the host's files" inside a
   * tree to delete. The delete must refuse before touching anything, and the bound files survive.
   */
  @Test
  @Tag("privileged")
  void refusesToDeleteThroughABindMount() throws Exception {
    assumeTrue(isRoot(), "needs root to mount");
    Path host = Files.createDirectories(tmp.resolve("host"));
    Path precious = Files.writeString(host.resolve("precious"), "host data");
    Path tree = Files.createDirectories(tmp.resolve("results/run/.work/rootfs"));
    Files.writeString(tmp.resolve("results/run/other"), "x");
    run("mount", "--bind", host.toString(), tree.toString());
    try {
      FileTrees.MountPointException e = assertThrows(FileTrees.MountPointException.class,
          () -> FileTrees.delete(tmp.resolve("results")));
      assertTrue(e.getMessage().contains(tree.toRealPath().toString()), e.getMessage());
      assertEquals("host data", Files.readString(precious));
      assertTrue(Files.exists(tmp.resolve("results/run/other")), "nothing deleted before refusing");
    } finally {
      run("umount", tree.toString());
    }
    FileTrees.delete(tmp.resolve("results"));
    assertFalse(Files.exists(tmp.resolve("results")));
    assertEquals("host data", Files.readString(precious));
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    assertEquals(0, p.waitFor(), String.join(" ", cmd));
  }
}
