package io.virtpath.remote;

import io.virtpath.core.tar.TarReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The listing hash of a bundle's unpacked tree, computed on the controller from the tarball it is
 * about to send, in exactly the form the target's {@code vp_tree} (Scripts) computes it from the
 * cached directory with find, sort, readlink and sha256sum:
 *
 * <pre>
 * d .                          every directory, sorted by path (C locale: bytes)
 * l ./a/link ../target         every symbolic link and its target, sorted
 * x ./bin/virtpath             every file whose owner may execute it, sorted
 * f HEX  ./bin/virtpath        every file's sha256 as sha256sum prints it, sorted by path
 * o ./fifo                     anything else (a bundle has none)
 * </pre>
 *
 * <p>One hash over the whole tree is what lets a target verify a cached bundle before every use
 * without trusting anything stored beside it: a file added, removed, changed, made executable or
 * relinked changes it. Paths are limited to characters the shell pipeline handles the same on
 * coreutils and busybox (no spaces, no newlines).
 */
public final class BundleListing {
  private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._+@=,/-]+");

  private BundleListing() {}

  /** The listing hash of the tree under the tarball's top directory {@code topDir}. */
  public static String treeSha256(Path tarball, String topDir) throws IOException {
    List<String> dirs = new ArrayList<>();
    List<String[]> links = new ArrayList<>();
    List<String> exec = new ArrayList<>();
    List<String[]> files = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball), 1 << 16));
        TarReader tar = new TarReader(in)) {
      for (TarReader.Entry e; (e = tar.next()) != null; ) {
        String path = relative(e.name(), topDir, tarball);
        switch (e.type()) {
          case DIRECTORY -> dirs.add(path);
          case SYMLINK -> links.add(new String[] {path, safe(e.linkName(), tarball)});
          case FILE -> {
            if ((e.mode() & 0100) != 0) {
              exec.add(path);
            }
            files.add(new String[] {path, sha256(tar.content())});
          }
          default -> throw new IOException("the bundle " + tarball + " holds " + e.name() + " of type " + e.type()
              + ": a bundle holds only files, directories and symbolic links; build it again with virtpath bundle");
        }
      }
    }
    if (!dirs.contains(".")) {
      dirs.add(".");
    }
    StringBuilder listing = new StringBuilder();
    dirs.stream().sorted().forEach(d -> listing.append("d ").append(d).append('\n'));
    links.stream().sorted(Comparator.comparing(l -> l[0])).forEach(l ->
        listing.append("l ").append(l[0]).append(' ').append(l[1]).append('\n'));
    exec.stream().sorted().forEach(x -> listing.append("x ").append(x).append('\n'));
    files.stream().sorted(Comparator.comparing(f -> f[0])).forEach(f ->
        listing.append("f ").append(f[1]).append("  ").append(f[0]).append('\n'));
    return hex(digest().digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** "virtpath-bundle-x/bin/virtpath" → "./bin/virtpath"; the top directory itself → ".". */
  private static String relative(String name, String topDir, Path tarball) throws IOException {
    String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    if (n.equals(topDir)) {
      return ".";
    }
    if (!n.startsWith(topDir + "/")) {
      throw new IOException("the bundle " + tarball + " holds " + name + " outside its top directory " + topDir);
    }
    return "./" + safe(n.substring(topDir.length() + 1), tarball);
  }

  private static String safe(String path, Path tarball) throws IOException {
    if (!SAFE_PATH.matcher(path).matches() || path.contains("//")) {
      throw new IOException("the bundle " + tarball + " holds a path a target's shell tools would list differently: '"
          + path + "'");
    }
    return path;
  }

  private static String sha256(InputStream in) throws IOException {
    MessageDigest md = digest();
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return hex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
