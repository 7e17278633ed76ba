package io.virtpath.fingerprint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every file the fingerprint reads goes through here, relative to a root ("/" in production, a
 * fixture tree in tests). Nothing throws: an unreadable file is null, and {@link #why} tells the
 * caller what went wrong so it can put that in a note.
 *
 * <p>Paths are given without the leading slash ("proc/cpuinfo") and shown with it ("/proc/cpuinfo")
 * so notes name the file a reader would look at, not the fixture directory.
 */
final class RootFs {
  private final Path root;

  RootFs(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  Path path(String rel) {
    return root.resolve(rel);
  }

  static String shown(String rel) {
    return "/" + rel;
  }

  boolean exists(String rel) {
    return Files.exists(path(rel));
  }

  boolean isDirectory(String rel) {
    return Files.isDirectory(path(rel));
  }

  /** Whole file, or null. Lenient UTF-8: /proc/1/environ and friends hold NULs and raw bytes. */
  String read(String rel) {
    return read(path(rel));
  }

  static String read(Path p) {
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /** Trimmed content, or null if unreadable or blank (sysfs attributes end with a newline). */
  String readTrimmed(String rel) {
    return readTrimmed(path(rel));
  }

  static String readTrimmed(Path p) {
    String s = read(p);
    if (s == null) {
      return null;
    }
    s = s.strip();
    return s.isEmpty() ? null : s;
  }

  /** The first {@code n} bytes (or fewer), or null: for binary headers such as ACPI tables. */
  byte[] readHead(String rel, int n) {
    try (InputStream in = Files.newInputStream(path(rel))) {
      return in.readNBytes(n);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /** Target text of a symlink (as the kernel shows it, e.g. "pid:[4026531836]"), or null. */
  String readLink(String rel) {
    try {
      return Files.readSymbolicLink(path(rel)).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /**
   * Fully resolved real path of a (symlinked) sysfs entry, or null. sysfs links are relative, so a
   * fixture built the same way resolves inside the fixture.
   */
  Path realPath(String rel) {
    return realPath(path(rel));
  }

  static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  Path realRoot() {
    Path r = realPath(root);
    return r == null ? root.toAbsolutePath().normalize() : r;
  }

  /** Sorted names in a directory; empty if absent. */
  List<String> list(String rel) {
    return list(path(rel));
  }

  static List<String> list(Path dir) {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> names.add(p.getFileName().toString()));
    } catch (IOException | SecurityException e) {
      return List.of();
    }
    names.sort(null);
    return names;
  }

  /** Short reason for a note: "missing", "permission denied" or the exception text. */
  String why(String rel) {
    Path p = path(rel);
    try {
      Files.readAllBytes(p);
      return "empty";
    } catch (NoSuchFileException e) {
      return "missing";
    } catch (AccessDeniedException e) {
      return "permission denied";
    } catch (IOException | SecurityException e) {
      String m = e.getMessage();
      return m == null ? e.getClass().getSimpleName() : m;
    }
  }

  /** "cannot read /proc/x (missing)": the standard wording of notes. */
  String cannotRead(String rel) {
    return "cannot read " + shown(rel) + " (" + why(rel) + ")";
  }
}
