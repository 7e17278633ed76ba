package io.virtpath.cli.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A staged bundle's files in a fixed order (sorted by path), with only what a tarball keeps of them:
 * kind, mode (0755 or 0644: only the owner's execute bit is kept) and link target. Owners, times
 * and umask are left out on purpose, so the same jar and JDK give the same content hash.
 */
record BundleTree(Path root, List<Entry> entries) {
  enum Kind { DIRECTORY, FILE, SYMLINK }

  /** {@code path} is relative to the root, with '/' separators. */
  record Entry(String path, Kind kind, int mode, long size, String linkTarget) {}

  static BundleTree of(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      List<Entry> entries = walk.filter(p -> !p.equals(root))
          .map(p -> entry(root, p))
          .sorted(Comparator.comparing(Entry::path))
          .toList();
      return new BundleTree(root, entries);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static Entry entry(Path root, Path p) {
    String rel = root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    try {
      if (Files.isSymbolicLink(p)) {
        return new Entry(rel, Kind.SYMLINK, 0777, 0, Files.readSymbolicLink(p).toString());
      }
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        return new Entry(rel, Kind.DIRECTORY, 0755, 0, null);
      }
      int mode = Files.isExecutable(p) ? 0755 : 0644;
      return new Entry(rel, Kind.FILE, mode, Files.size(p), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes of the regular files: the bundle's size once unpacked. */
  long fileBytes() {
    return entries.stream().filter(e -> e.kind() == Kind.FILE).mapToLong(Entry::size).sum();
  }

  /** SHA-256 over every entry's path, kind, mode and content (or link target), in order. */
  String contentSha256() throws IOException {
    MessageDigest all = sha256();
    byte[] buf = new byte[1 << 16];
    for (Entry e : entries) {
      all.update((e.path() + "\0" + e.kind() + "\0" + Integer.toOctalString(e.mode()) + "\0")
          .getBytes(StandardCharsets.UTF_8));
      if (e.kind() == Kind.SYMLINK) {
        all.update((e.linkTarget() + "\0").getBytes(StandardCharsets.UTF_8));
      } else if (e.kind() == Kind.FILE) {
        MessageDigest one = sha256();
        try (InputStream in = Files.newInputStream(root.resolve(e.path()))) {
          for (int n; (n = in.read(buf)) > 0; ) {
            one.update(buf, 0, n);
          }
        }
        all.update(one.digest());
      }
    }
    return HexFormat.of().formatHex(all.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }
}
