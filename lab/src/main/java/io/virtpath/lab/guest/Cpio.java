package io.virtpath.lab.guest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a "newc" cpio archive, the format the kernel unpacks as an initramfs. Written here rather
 * than by the cpio tool because device nodes (/dev/console) can then be added without mknod, i.e.
 * without root and without a staging directory; and the archive is reproducible (mtime 0, uid 0).
 */
final class Cpio implements AutoCloseable {
  static final int DIR = 0040000;
  static final int FILE = 0100000;
  static final int CHAR_DEVICE = 0020000;

  private final OutputStream out;
  private long written;
  private int nextInode = 1;

  Cpio(OutputStream out) {
    this.out = out;
  }

  void directory(String path, int perm) throws IOException {
    entry(path, DIR | perm, 2, 0, 0, new byte[0]);
  }

  void file(String path, int perm, byte[] data) throws IOException {
    entry(path, FILE | perm, 1, 0, 0, data);
  }

  void charDevice(String path, int perm, int major, int minor) throws IOException {
    entry(path, CHAR_DEVICE | perm, 1, major, minor, new byte[0]);
  }

  /** Writes the trailer entry; the underlying stream stays open (the caller owns it). */
  @Override
  public void close() throws IOException {
    entry("TRAILER!!!", 0, 1, 0, 0, new byte[0]);
    out.flush();
  }

  private void entry(String path, int mode, int nlink, int rdevMajor, int rdevMinor, byte[] data)
      throws IOException {
    byte[] name = (path + "\0").getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder(110).append("070701");
    int inode = path.equals("TRAILER!!!") ? 0 : nextInode++;
    for (long field :
        new long[] {
          inode, mode, 0 /* uid */, 0 /* gid */, nlink, 0 /* mtime */, data.length,
          0, 0 /* dev major/minor */, rdevMajor, rdevMinor, name.length, 0 /* check */
        }) {
      h.append(String.format("%08x", field));
    }
    write(h.toString().getBytes(StandardCharsets.US_ASCII));
    write(name);
    pad();
    write(data);
    pad();
  }

  private void write(byte[] b) throws IOException {
    out.write(b);
    written += b.length;
  }

  /** newc aligns both the name (after the 110-byte header) and the data to 4 bytes. */
  private void pad() throws IOException {
    while (written % 4 != 0) {
      out.write(0);
      written++;
    }
  }
}
