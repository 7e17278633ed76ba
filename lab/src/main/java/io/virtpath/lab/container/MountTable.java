package io.virtpath.lab.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** This process's mounts, from /proc/self/mountinfo (proc(5)), in mount order. */
final class MountTable {
  /**
   * @param mountPoint decoded path
   * @param options per-mount options (rw/ro, nosuid, relatime ...)
   * @param fsType filesystem type after the separator
   */
  record Mount(String mountPoint, String options, String fsType) {}

  private MountTable() {}

  static List<Mount> read() throws IOException {
    return parse(Files.readString(Path.of("/proc/self/mountinfo")));
  }

  static List<Mount> parse(String mountinfo) {
    List<Mount> mounts = new ArrayList<>();
    for (String line : mountinfo.split("\n")) {
      String[] f = line.strip().split(" ");
      int sep = List.of(f).indexOf("-");
      if (f.length < 7 || sep < 6 || sep + 1 >= f.length) {
        continue;
      }
      mounts.add(new Mount(decode(f[4]), f[5], f[sep + 1]));
    }
    return mounts;
  }

  /** Mounts at {@code dir} or below it, in mount order (parents before children). */
  static List<Mount> under(List<Mount> mounts, Path dir) {
    String d = dir.toString();
    return mounts.stream()
        .filter(m -> m.mountPoint().equals(d) || m.mountPoint().startsWith(d + "/"))
        .toList();
  }

  /** mountinfo escapes space, tab, newline and backslash as octal (\040 ...). */
  static String decode(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
