package io.virtpath.lab.guest;

import io.virtpath.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host directories a guest sees: each a read-only 9p export at the same path in the guest
 * (whose root is a tmpfs), plus the top-level symlinks of a merged-/usr host, recreated as
 * symlinks. Only what the guest's JVM needs: /usr (and /bin, /sbin, /lib, /lib64 where they are
 * real directories) and any extra directory the job names (a JDK outside /usr). The boot and
 * results shares are fixed and not part of this list.
 *
 * @param exports the read-only exports, tag → host directory → guest path
 * @param links the guest's top-level symlinks ("/bin" → "usr/bin")
 */
public record GuestExports(List<Export> exports, List<Link> links) {
  /** What the boot share, the stage scripts and the mount table may contain as a guest path. */
  static final String SAFE_PATH = "/[A-Za-z0-9._/+@-]*";

  private static final List<String> TOP_LEVEL = List.of("/usr", "/bin", "/sbin", "/lib", "/lib64");
  /** Tag prefix of the extra exports; the system ones are tagged by their name (usr, lib64). */
  private static final String EXTRA_TAG = "x";

  /** One read-only 9p export: {@code tag} is its mount tag, {@code guestPath} where it appears. */
  public record Export(String tag, Path host, String guestPath) {}

  /** A symlink in the guest's root, e.g. {@code /lib → usr/lib}. */
  public record Link(String guestPath, String target) {}

  public GuestExports {
    exports = List.copyOf(exports);
    links = List.copyOf(links);
  }

  /** The system directories of this host plus {@code extra} (absolute; JDK homes and the like). */
  static GuestExports of(List<Path> extra) throws IOException {
    return of(Path.of("/"), extra);
  }

  /**
   * The same for a host whose root is {@code root} (a test's fake tree). Guest paths are always
   * absolute paths as the guest sees them.
   */
  static GuestExports of(Path root, List<Path> extra) throws IOException {
    List<Export> exports = new ArrayList<>();
    List<Link> links = new ArrayList<>();
    for (String top : TOP_LEVEL) {
      Path p = root.resolve(top.substring(1));
      if (Files.isSymbolicLink(p)) {
        String target = Files.readSymbolicLink(p).toString();
        requireSafe(target.startsWith("/") ? target : "/" + target, p);
        links.add(new Link(top, target));
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        exports.add(new Export(top.substring(1), p, top));
      }
    }
    if (exports.stream().noneMatch(e -> e.guestPath().equals("/usr"))) {
      throw new IOException(root.resolve("usr") + " is not a directory: a guest needs the host's /usr");
    }
    int n = 0;
    for (Path dir : extra) {
      String guest = dir.toAbsolutePath().normalize().toString();
      requireSafe(guest, dir);
      if (covered(guest, exports, links)) {
        continue;
      }
      Path host = root.resolve(guest.substring(1)).toRealPath();
      if (!Files.isDirectory(host)) {
        throw new UsageException(dir + " is not a directory: a guest can only be given directories");
      }
      exports.add(new Export(EXTRA_TAG + n++, host, guest));
    }
    return new GuestExports(exports, links);
  }

  /** The exports beyond the system directories: what the job named (a JDK outside /usr). */
  List<Export> extras() {
    return exports.stream().filter(e -> e.tag().startsWith(EXTRA_TAG)).toList();
  }

  /**
   * True when the guest already sees {@code guest} through an export, after following the
   * top-level links the guest recreates (on merged /usr, /lib/jvm is /usr/lib/jvm).
   */
  private static boolean covered(String guest, List<Export> exports, List<Link> links) {
    String p = guest;
    for (Link l : links) {
      if (under(p, l.guestPath())) {
        String target = l.target().startsWith("/") ? l.target() : "/" + l.target();
        p = target + p.substring(l.guestPath().length());
      }
    }
    for (Export e : exports) {
      if (under(p, e.guestPath())) {
        return true;
      }
    }
    return false;
  }

  private static boolean under(String path, String dir) {
    return path.equals(dir) || path.startsWith(dir + "/");
  }

  /**
   * The mount table stage 1 reads from the boot share: one "mount TAG PATH" or "link PATH TARGET"
   * per line. Its values are checked against the same charset in the guest.
   */
  String mountTable() {
    StringBuilder s = new StringBuilder();
    for (Link l : links) {
      s.append("link ").append(l.guestPath()).append(' ').append(l.target()).append('\n');
    }
    for (Export e : exports) {
      s.append("mount ").append(e.tag()).append(' ').append(e.guestPath()).append('\n');
    }
    return s.toString();
  }

  private static void requireSafe(String guestPath, Path source) {
    if (!guestPath.matches(SAFE_PATH) || guestPath.matches("(.*/)?\\.\\.(/.*)?")) {
      throw new UsageException(
          source + " cannot be exported to a guest: its path may only contain letters, digits and"
              + " ._/+@- (move it, or link it from such a path)");
    }
  }
}
