package io.virtpath.cli.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a {@link BundleTree} as a POSIX ustar archive, gzip-compressed, under one top directory.
 * Owner root, one fixed mtime and the tree's order, so the bytes depend on the content only (the
 * JDK's gzip header has mtime 0). The JDK has no tar writer, and a dependency for 100 lines is not
 * worth it.
 */
final class TarGz {
  /** 2000-01-01T00:00:00Z: any fixed time would do; 0 makes some tar versions warn. */
  static final long MTIME = 946_684_800L;
  private static final int BLOCK = 512;

  private TarGz() {}

  static void write(BundleTree tree, String topDir, OutputStream raw) throws IOException {
    GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    };
    header(gz, topDir + "/", '5', 0755, 0, "");
    byte[] buf = new byte[1 << 16];
    for (BundleTree.Entry e : tree.entries()) {
      String name = topDir + "/" + e.path();
      switch (e.kind()) {
        case DIRECTORY -> header(gz, name + "/", '5', e.mode(), 0, "");
        case SYMLINK -> header(gz, name, '2', e.mode(), 0, e.linkTarget());
        case FILE -> {
          header(gz, name, '0', e.mode(), e.size(), "");
          long copied = 0;
          try (InputStream in = Files.newInputStream(tree.root().resolve(e.path()))) {
            for (int n; (n = in.read(buf)) > 0; ) {
              gz.write(buf, 0, n);
              copied += n;
            }
          }
          if (copied != e.size()) {
            throw new IOException(e.path() + " changed while the bundle was written (" + e.size() + " -> " + copied + " bytes)");
          }
          gz.write(new byte[(int) ((BLOCK - copied % BLOCK) % BLOCK)]);
        }
      }
    }
    gz.write(new byte[2 * BLOCK]); // end of archive
    gz.finish();
  }

  private static void header(OutputStream out, String name, char type, int mode, long size, String link)
      throws IOException {
    byte[] h = new byte[BLOCK];
    byte[] full = name.getBytes(StandardCharsets.UTF_8);
    if (full.length <= 100) {
      System.arraycopy(full, 0, h, 0, full.length);
    } else {
      // ustar splits a long name at a '/' into prefix (155 bytes) and name (100 bytes)
      int cut = name.lastIndexOf('/', Math.min(name.length() - 1, 155));
      byte[] prefix = name.substring(0, Math.max(cut, 0)).getBytes(StandardCharsets.UTF_8);
      byte[] rest = name.substring(cut + 1).getBytes(StandardCharsets.UTF_8);
      if (cut <= 0 || prefix.length > 155 || rest.length > 100) {
        throw new IOException("path too long for a ustar archive: " + name);
      }
      System.arraycopy(rest, 0, h, 0, rest.length);
      System.arraycopy(prefix, 0, h, 345, prefix.length);
    }
    byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
    if (linkBytes.length > 100) {
      throw new IOException("link target too long for a ustar archive: " + name + " -> " + link);
    }
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, MTIME);
    h[156] = (byte) type;
    System.arraycopy(linkBytes, 0, h, 157, linkBytes.length);
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 265, 4);
    System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 297, 4);
    java.util.Arrays.fill(h, 148, 156, (byte) ' '); // the checksum counts its own field as spaces
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    String chk = String.format("%06o", sum);
    System.arraycopy(chk.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
    h[154] = 0;
    h[155] = ' ';
    out.write(h);
  }

  /** A zero-padded octal field ending in NUL. */
  private static void octal(byte[] h, int at, int width, long value) throws IOException {
    String s = Long.toOctalString(value);
    if (s.length() > width - 1) {
      throw new IOException("value " + value + " does not fit a ustar field of " + width + " bytes");
    }
    s = "0".repeat(width - 1 - s.length()) + s;
    System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, at, width - 1);
    h[at + width - 1] = 0;
  }
}
