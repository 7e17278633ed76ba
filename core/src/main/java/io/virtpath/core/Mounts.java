package io.virtpath.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount points this process sees, from /proc/self/mountinfo (proc(5)), in mount order. Used to
 * keep tree deletes and cleanup from ever reaching through a mount into another filesystem.
 */
public final class Mounts {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  /**
   * One line of mountinfo.
   *
   * @param mountPoint decoded absolute path
   * @param options per-mount options (rw/ro, nosuid, relatime ...)
   * @param fsType filesystem type after the separator
   */
  public record Mount(String mountPoint, String options, String fsType) {}

  private Mounts() {}

  public static List<Mount> read() throws IOException {
    return Files.isReadable(MOUNTINFO) ? parse(Files.readString(MOUNTINFO)) : List.of();
  }

  public static List<Mount> parse(String mountinfo) {
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

  /** Mount points at {@code dir} or below it, in mount order (parents before children). */
  public static List<String> under(List<Mount> mounts, Path dir) {
    String d = dir.toString();
    return mounts.stream()
        .map(Mount::mountPoint)
        .filter(m -> m.equals(d) || m.startsWith(d.endsWith("/") ? d : d + "/"))
        .toList();
  }

  /** Mount points at or below {@code dir} (resolved to its real path, as mountinfo shows it). */
  public static List<String> under(Path dir) throws IOException {
    Path real = Files.exists(dir) ? dir.toRealPath() : dir.toAbsolutePath().normalize();
    return under(read(), real);
  }

  /** mountinfo escapes space, tab, newline and backslash as octal (\040 ...). */
  public static String decode(String s) {
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
