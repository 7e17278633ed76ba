package io.virtpath.lab.guest;

import io.virtpath.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The account QEMU drops to once its tap, disk, vhost and 9p export roots are open: nobody. No
 * dedicated account (libvirt's libvirt-qemu) exists on a plain lab machine, and nobody owns
 * nothing, so a QEMU escape as nobody can read only what the world can.
 *
 * <p>The 9p exports are served as this user: QEMU opens each export's root directory before the
 * drop (so the directories above it do not matter), but every file below is read with its rights.
 */
record QemuUser(String name, int uid, int gid) {
  static final String NOBODY = "nobody";

  /**
   * nobody when this process is root, else null: an unprivileged QEMU has nothing to drop (and
   * could not change its uid).
   */
  static QemuUser forThisProcess() throws IOException {
    int euid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    return euid == 0 ? lookup(NOBODY, Path.of("/etc/passwd")) : null;
  }

  static QemuUser lookup(String name, Path passwd) throws IOException {
    for (String line : Files.readAllLines(passwd)) {
      String[] f = line.split(":", -1);
      if (f.length >= 4 && f[0].equals(name)) {
        return new QemuUser(name, Integer.parseInt(f[2]), Integer.parseInt(f[3]));
      }
    }
    throw new IOException(
        "no user " + name + " in " + passwd + ": QEMU drops root to it after opening its devices");
  }

  /** "nobody (uid 65534)", for the lab record. */
  String describe() {
    return name + " (uid " + uid + ")";
  }

  /**
   * Fails unless this user can read the directory {@code dir} and its entries down to {@code
   * depth} levels (permission bits; enough to catch a JDK unpacked 0700 or under a private umask).
   */
  void requireReadable(Path dir, int depth, String what) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir, depth)) {
      s.forEach(all::add);
    }
    for (Path p : all) {
      if (Files.isSymbolicLink(p)) {
        continue;
      }
      boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
      int need = isDir ? 05 : 04; // r-x for a directory, r-- for a file
      if ((rights(p) & need) != need) {
        throw new UsageException(
            what + " " + p + " is not readable by " + describe() + ", the user QEMU runs as after"
                + " dropping root: make it world-readable (chmod -R o+rX " + dir + ") or use one"
                + " that is");
      }
    }
  }

  /** The rwx bits (0-7) this user has on {@code p}: owner, group or other class. */
  int rights(Path p) throws IOException {
    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int group = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    if (owner == uid) {
      return (mode >> 6) & 7;
    }
    return group == gid ? (mode >> 3) & 7 : mode & 7;
  }

  /**
   * Gives {@code dir} (only the directory itself; it is fresh) to this user, so QEMU can create the
   * guest's result files in it. Returns the previous owner for {@link #restore}.
   */
  int[] own(Path dir) throws IOException {
    int[] before = {
      (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS),
      (Integer) Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS)
    };
    chown(dir, uid, gid);
    return before;
  }

  /**
   * Gives {@code dir} and everything the guest wrote into it back to {@code owner}: the record
   * must not stay writable by every process that runs as nobody. Links are changed, not followed.
   */
  static void restore(Path dir, int[] owner) throws IOException {
    List<String> mounted = io.virtpath.core.Mounts.under(dir);
    if (!mounted.isEmpty()) {
      // never chown through a mount into someone else's files
      throw new IOException("refusing to change owners below " + dir + ": mount points inside it " + mounted);
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.toList();
    }
    for (Path p : all) {
      chown(p, owner[0], owner[1]);
    }
  }

  private static void chown(Path p, int uid, int gid) throws IOException {
    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
  }
}
