package io.virtpath.fingerprint;

import java.util.ArrayList;
import java.util.List;

/** Parsed /proc/self/mountinfo (proc(5)): which mount holds a path, and what backs it. */
final class MountInfo {

  /**
   * One line. {@code major == 0} means no block device (tmpfs, overlay, nfs, btrfs subvolumes ...).
   */
  record Mount(int major, int minor, String mountPoint, String fsType, String source) {}

  private final List<Mount> mounts;

  private MountInfo(List<Mount> mounts) {
    this.mounts = mounts;
  }

  List<Mount> mounts() {
    return mounts;
  }

  /** Lines that don't follow the format are skipped: one odd line must not lose the rest. */
  static MountInfo parse(String text) {
    List<Mount> out = new ArrayList<>();
    if (text != null) {
      for (String line : text.split("\n")) {
        Mount m = parseLine(line);
        if (m != null) {
          out.add(m);
        }
      }
    }
    return new MountInfo(out);
  }

  // 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
  private static Mount parseLine(String line) {
    String[] f = line.strip().split(" ");
    int dash = -1;
    for (int i = 6; i < f.length; i++) {
      if (f[i].equals("-")) {
        dash = i;
        break;
      }
    }
    if (f.length < 7 || dash < 0 || dash + 2 >= f.length) {
      return null;
    }
    String[] dev = f[2].split(":");
    if (dev.length != 2) {
      return null;
    }
    try {
      return new Mount(
          Integer.parseInt(dev[0]),
          Integer.parseInt(dev[1]),
          unescape(f[4]),
          unescape(f[dash + 1]),
          unescape(f[dash + 2]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The kernel writes space, tab, newline and backslash as \040 \011 \012 \134. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }

  /**
   * The mount holding {@code absolutePath}: the longest mount point that is the path or a whole
   * component prefix of it ("/var" holds "/var/tmp" but not "/variant"). Among equal mount points
   * the last line wins, as a later mount hides an earlier one at the same place.
   */
  Mount containing(String absolutePath) {
    Mount best = null;
    for (Mount m : mounts) {
      if (covers(m.mountPoint(), absolutePath)
          && (best == null || m.mountPoint().length() >= best.mountPoint().length())) {
        best = m;
      }
    }
    return best;
  }

  static boolean covers(String mountPoint, String path) {
    if (mountPoint.equals("/") || mountPoint.equals(path)) {
      return path.startsWith("/");
    }
    return path.startsWith(mountPoint) && path.charAt(mountPoint.length()) == '/';
  }
}
