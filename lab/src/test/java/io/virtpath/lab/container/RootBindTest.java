package io.virtpath.lab.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("privileged")
class RootBindTest {
  @TempDir Path tmp;

  @Test
  void everyMountOfTheCopyIsReadOnlyAndAllOfItGoesAway() throws Exception {
    assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
        .anyMatch(l -> l.matches("Uid:\\s+0\\s.*")), "mounting needs root");
    Path rootfs = Files.createDirectory(tmp.toRealPath().resolve("rootfs"));
    try {
      RootBind.mount(rootfs);
      List<MountTable.Mount> copy = MountTable.under(MountTable.read(), rootfs);
      assertTrue(copy.size() >= 2, "expected / and its submounts (/proc at least): " + copy);
      assertEquals(rootfs.toString(), copy.get(0).mountPoint());
      // Where mounts are stacked (the host's /dev/shm is, here) only the top one is reachable.
      Map<String, MountTable.Mount> visible = new LinkedHashMap<>();
      copy.forEach(m -> visible.put(m.mountPoint(), m));
      for (MountTable.Mount m : visible.values()) {
        assertTrue(m.options().startsWith("ro"), "writable in the copy: " + m);
      }
      assertThrows(IOException.class, () -> Files.writeString(rootfs.resolve("etc/vp-x"), "x"));
      // /proc of the copy is the host's proc, mounted read-only in the copy only.
      assertThrows(IOException.class,
          () -> Files.writeString(rootfs.resolve("proc/sys/vm/drop_caches"), "0"));
    } finally {
      assertEquals(List.of(), RootBind.unmount(rootfs));
    }
    assertEquals(List.of(), RootBind.mountsUnder(rootfs));
    assertTrue(Files.isWritable(Path.of("/proc/sys/vm/drop_caches")), "host /proc changed");
  }
}
