package io.virtpath.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MountInfoTest {
  private static final String TEXT =
      String.join(
          "\n",
          "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
          "30 27 0:27 / /var rw,relatime shared:5 master:2 - tmpfs tmpfs rw",
          "31 27 0:28 / /srv/a\\040b\\011c\\134d rw - xfs /dev/sdb1 rw",
          "garbage line",
          "32 27 0:29 / /var rw - ext4 /dev/sdc rw",
          "");

  @Test
  void parsesAndSkipsGarbage() {
    MountInfo m = MountInfo.parse(TEXT);
    assertEquals(4, m.mounts().size());
    MountInfo.Mount root = m.mounts().get(0);
    assertEquals(254, root.major());
    assertEquals(0, root.minor());
    assertEquals("ext4", root.fsType());
    assertEquals("/dev/vda", root.source());
  }

  @Test
  void optionalFieldsBeforeTheDashAreSkipped() {
    assertEquals("tmpfs", MountInfo.parse(TEXT).mounts().get(1).fsType());
  }

  @Test
  void unescapesOctal() {
    assertEquals("/srv/a b\tc\\d", MountInfo.parse(TEXT).mounts().get(2).mountPoint());
    assertEquals("a\\04", MountInfo.unescape("a\\04"));
  }

  @Test
  void longestComponentPrefixWinsAndLaterMountHidesEarlier() {
    MountInfo m = MountInfo.parse(TEXT);
    assertEquals("/dev/sdc", m.containing("/var/tmp").source());
    assertEquals("/dev/sdc", m.containing("/var").source());
    assertEquals("/dev/vda", m.containing("/variant").source());
    assertEquals("/dev/sdb1", m.containing("/srv/a b\tc\\d/x").source());
  }

  @Test
  void nothingContainsARelativePath() {
    assertNull(MountInfo.parse(TEXT).containing("var"));
    assertNull(MountInfo.parse(null).containing("/"));
  }
}
