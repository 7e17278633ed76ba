package io.virtpath.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Who holds the dpkg lock, so that an install can wait for another installation (unattended
 * upgrades, a colleague's apt-get) instead of failing on it. apt takes the lock with fcntl, which
 * /proc/locks lists with the holder's pid and the file's inode.
 */
final class DpkgLock {
  static final Path FRONTEND = Path.of("/var/lib/dpkg/lock-frontend");
  /** How long apt-get waits for the lock (its {@code DPkg::Lock::Timeout}), in seconds. */
  static final int WAIT_SECONDS = 300;

  private DpkgLock() {}

  /** The apt-get options that make it wait for the lock rather than fail at once. */
  static List<String> waitOption() {
    return List.of("-o", "DPkg::Lock::Timeout=" + WAIT_SECONDS);
  }

  /** The pid holding a POSIX lock on {@code file}, if any process does. */
  static OptionalLong holder(Path file) {
    try {
      long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
      return holder(Files.readAllLines(Path.of("/proc/locks")), inode);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return OptionalLong.empty(); // no lock file (no dpkg), or no /proc/locks: nothing to wait for
    }
  }

  /**
   * The pid of a POSIX lock on {@code inode} in /proc/locks lines such as {@code 3: POSIX
   * ADVISORY WRITE 3423 fe:00:1490999 0 EOF}; blocked waiters ({@code ->} lines) are skipped.
   */
  static OptionalLong holder(List<String> procLocks, long inode) {
    for (String line : procLocks) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 6 || f[1].equals("->") || !f[1].equals("POSIX")) {
        continue;
      }
      String[] dev = f[5].split(":");
      if (dev.length == 3 && dev[2].equals(Long.toString(inode))) {
        return OptionalLong.of(Long.parseLong(f[4]));
      }
    }
    return OptionalLong.empty();
  }

  /** "pid 1234 (unattended-upgr)": the holder as a person can look it up. */
  static String describe(long pid) {
    try {
      return "pid " + pid + " (" + Files.readString(Path.of("/proc/" + pid + "/comm")).strip() + ")";
    } catch (IOException e) {
      return "pid " + pid;
    }
  }
}
