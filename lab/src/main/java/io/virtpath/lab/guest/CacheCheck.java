package io.virtpath.lab.guest;

import io.virtpath.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Refuses a guest cache that someone else could have written: its kernel, modules and initramfs
 * boot as the guest's kernel and PID 1, whose output becomes the lab's record, and virtpath runs
 * as root. Every entry of the cache (the directory itself, kernel trees, initramfs builds, logs)
 * must be owned by root or by the user running virtpath and must not be writable by group or
 * others. Symlinks count by their owner only (their mode is always 0777).
 *
 * <p>Directories above the cache count too, unless sticky (/tmp): whoever can write one can swap
 * the whole cache for another.
 */
final class CacheCheck {
  private CacheCheck() {}

  static void verify(Path cacheDir) throws IOException {
    int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    Path dir = cacheDir.toAbsolutePath().normalize();
    for (Path up = dir.getParent(); up != null; up = up.getParent()) {
      int mode = attr(up, "mode");
      if ((mode & 01000) == 0) {
        check(up, self, "a directory above the guest cache " + dir);
      }
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.toList();
    }
    for (Path p : all) {
      check(p, self, p.equals(dir) ? "the guest cache directory" : "in the guest cache");
    }
  }

  private static void check(Path p, int self, String what) throws IOException {
    int owner = attr(p, "uid");
    String fix =
        ": refusing to boot guests from it, since its kernel and initramfs could have been"
            + " replaced; use a --cache directory only root can write (e.g. the default"
            + " /var/cache/virtpath), or fix it with chown -R root: and chmod -R go-w";
    if (owner != 0 && owner != self) {
      throw new UsageException(p + " (" + what + ") is owned by uid " + owner + fix);
    }
    if (!Files.isSymbolicLink(p) && (attr(p, "mode") & 022) != 0) {
      throw new UsageException(
          p + " (" + what + ") is writable by "
              + switch (attr(p, "mode") & 022) {
                case 022 -> "its group and others";
                case 020 -> "its group";
                default -> "others";
              }
              + String.format(" (mode %o)", attr(p, "mode") & 07777) + fix);
    }
  }

  private static int attr(Path p, String name) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
  }
}
