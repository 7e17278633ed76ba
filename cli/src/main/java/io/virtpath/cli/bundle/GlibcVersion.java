package io.virtpath.cli.bundle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A glibc symbol version such as {@code GLIBC_2.34}: what an ELF file needs from the C library. */
public record GlibcVersion(int major, int minor, int patch) implements Comparable<GlibcVersion> {
  private static final Pattern NAME = Pattern.compile("GLIBC_(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  /** The version a {@code GLIBC_x.y[.z]} name stands for, or null for other names (GLIBC_PRIVATE, GCC_3.0 ...). */
  static GlibcVersion ofSymbolVersion(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      return null;
    }
    return new GlibcVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  @Override
  public int compareTo(GlibcVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  /**
   * major.minor, what {@code getconf GNU_LIBC_VERSION} prints; a patch level (2.2.5) only exists
   * for versions far older than any system a JDK 25 runs on, so the launcher compares two parts.
   */
  @Override
  public String toString() {
    return major + "." + minor;
  }
}
