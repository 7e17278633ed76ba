package io.virtpath.remote.fetch;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Hand-made tar archives, as a hostile target would send them: any name, any type, any size. */
final class Tars {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Tars file(String name, String content) {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(header(name, '0', b.length, ""));
    out.writeBytes(Arrays.copyOf(b, (b.length + 511) / 512 * 512));
    return this;
  }

  Tars dir(String name) {
    out.writeBytes(header(name, '5', 0, ""));
    return this;
  }

  Tars entry(String name, char type, String link) {
    out.writeBytes(header(name, type, 0, link));
    return this;
  }

  /** A pax header whose path replaces the next entry's name: names no ustar field could hold. */
  Tars paxPath(String path) {
    String rest = " path=" + path + "\n";
    int len = rest.length() + 1;
    while (String.valueOf(len).length() + rest.getBytes(StandardCharsets.UTF_8).length != len) {
      len++;
    }
    byte[] body = (len + rest).getBytes(StandardCharsets.UTF_8);
    out.writeBytes(header("PaxHeaders/x", 'x', body.length, ""));
    out.writeBytes(Arrays.copyOf(body, (body.length + 511) / 512 * 512));
    return this;
  }

  byte[] end() {
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  /**
   * A header for {@code name} stating {@code size} bytes, then that many zeros made as they are
   * read: a 1 GiB entry costs nothing until someone reads it. {@link Lazy#produced} says how much
   * was.
   */
  static Lazy lazy(String name, long size) {
    return new Lazy(header(name, '0', size, ""), size);
  }

  static byte[] header(String name, char type, long size, String link) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644\0");
    put(h, 108, "0000000\0");
    put(h, 116, "0000000\0");
    put(h, 124, String.format("%011o\0", size));
    put(h, 136, "00000000000\0");
    h[156] = (byte) type;
    put(h, 157, link);
    put(h, 257, "ustar\0" + "00");
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o\0 ", sum));
    return h;
  }

  private static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, at, b.length);
  }

  static final class Lazy extends InputStream {
    private final byte[] header;
    private final long total;
    private long produced;

    Lazy(byte[] header, long size) {
      this.header = header;
      this.total = header.length + (size + 511) / 512 * 512 + 1024;
    }

    long produced() {
      return produced;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (produced >= total) {
        return -1;
      }
      int n = (int) Math.min(len, total - produced);
      for (int i = 0; i < n; i++) {
        long at = produced + i;
        b[off + i] = at < header.length ? header[(int) at] : 0;
      }
      produced += n;
      return n;
    }
  }
}
