package io.virtpath.cli.bundle;

import io.virtpath.core.AtomicFiles;
import io.virtpath.core.record.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The bundle of this very jar and JDK, built once: building takes about 20 s, and {@code virtpath
 * remote} needs it on every run. An index file keyed by the jar's sha256 and the JDK names the
 * tarball built from them; a tarball that is gone or changed is rebuilt.
 */
public final class BundleCache {
  /** What a remote run sends: the tarball, its bytes' sha256 and its top directory. */
  public record Entry(Path tarball, String sha256, long bytes, String topDir, String glibc, boolean built) {}

  private BundleCache() {}

  public static Entry get(Path dir, Path javaHome, Path jar, Manifest.VirtpathVersion version)
      throws IOException, InterruptedException {
    Path index = dir.resolve(".index").resolve(sha256(jar) + "-" + Runtime.version().toString().replaceAll("[^A-Za-z0-9.+-]", "_"));
    if (Files.exists(index)) {
      List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
      if (lines.size() == 3) {
        Path tarball = dir.resolve(lines.get(0));
        if (Files.isRegularFile(tarball) && sha256(tarball).equals(lines.get(1))) {
          return new Entry(tarball, lines.get(1), Files.size(tarball), topDir(tarball), lines.get(2), false);
        }
      }
    }
    BundleBuilder.Result r = new BundleBuilder(javaHome, jar, version).build(dir);
    String sha = sha256(r.tarball());
    Files.createDirectories(index.getParent());
    AtomicFiles.write(index, (r.tarball().getFileName() + "\n" + sha + "\n" + r.glibc() + "\n")
        .getBytes(StandardCharsets.UTF_8));
    return new Entry(r.tarball(), sha, r.compressedBytes(), topDir(r.tarball()), r.glibc(), true);
  }

  /** "virtpath-bundle-<hash>": the tarball's name without .tar.gz is its top directory (BundleBuilder). */
  private static String topDir(Path tarball) {
    return tarball.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
