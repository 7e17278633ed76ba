package io.virtpath.lab.container;

import io.virtpath.core.Mounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CgroupLayoutTest {
  private static final String ROOT =
      "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n";
  /** This machine's layout. */
  private static final String HYBRID = ROOT
      + "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
      + "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
      + "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
      + "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
  private static final String V2 = ROOT
      + "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2"
      + " rw,nsdelegate,memory_recursiveprot\n";
  private static final String V1 = ROOT
      + "31 23 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
      + "35 31 0:32 / /sys/fs/cgroup/memory rw,nosuid shared:15 - cgroup cgroup rw,memory\n";

  @Test
  void recognisesTheThreeLayouts() throws IOException {
    assertEquals(CgroupLayout.HYBRID, CgroupLayout.from(Mounts.parse(HYBRID)));
    assertEquals(CgroupLayout.V2, CgroupLayout.from(Mounts.parse(V2)));
    assertEquals(CgroupLayout.V1, CgroupLayout.from(Mounts.parse(V1)));
  }

  @Test
  void noCgroupsIsAnError() {
    assertThrows(IOException.class, () -> CgroupLayout.from(Mounts.parse(ROOT)));
  }

  @Test
  void thisMachineIsDetected() throws IOException {
    // Whatever the host is, detection must succeed on a machine that runs containers.
    CgroupLayout.detect();
  }

  @Test
  void mountPointsAreDecoded() {
    assertEquals("/mnt/a b", Mounts.decode("/mnt/a\\040b"));
    assertEquals("/x\\y", Mounts.decode("/x\\134y"));
  }
}
