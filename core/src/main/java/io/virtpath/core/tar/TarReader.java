package io.virtpath.core.tar;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tar stream entry by entry, without unpacking anything: POSIX ustar (name and prefix), GNU
 * ('L' long names, 'K' long link targets) and pax ('x' headers: path, linkpath, size; 'g' global
 * headers are skipped). The stream may be hostile — an archive a target sends back — so every
 * header's checksum is checked, a number field must be a number that fits, and the only memory
 * allocated for a size the archive states is for metadata, at most {@link #MAX_METADATA} bytes;
 * content is streamed. Names are reported as the archive states them: making them safe is the
 * caller's business.
 *
 * <p>The archive ends at its first all-zero block (POSIX writes two; the second is read when
 * present, and GNU tar too accepts a lone one). A stream that ends before that block, even exactly
 * at a block boundary, is a {@link TarFormatException}: a stream cut between two entries must not
 * pass for a complete archive.
 */
public final class TarReader implements Closeable {
  /** The most bytes one GNU long name or long link, or one pax header, may take. */
  public static final int MAX_METADATA = 64 * 1024;
  /** Metadata headers in a row before an entry: real archives have two at most. */
  private static final int MAX_METADATA_HEADERS = 16;
  private static final int BLOCK = 512;
  private static final byte[] POSIX_MAGIC = "ustar\0".getBytes(StandardCharsets.US_ASCII);

  private final InputStream in;
  private final byte[] header = new byte[BLOCK];
  private byte[] skipBuffer;
  /** Bytes consumed from {@code in}, for messages that say where the archive is broken. */
  private long offset;
  private Entry entry;
  private Content content;
  private long remaining;
  private int padding;
  private boolean ended;

  /** Reads {@code in}, a plain (uncompressed) tar stream; {@link #close} closes it. */
  public TarReader(InputStream in) {
    this.in = in;
  }

  /**
   * One archive member.
   *
   * @param name the path as the archive states it (pax path, else GNU long name, else ustar
   *     prefix/name), not normalised: it may be absolute, hold {@code ..}, end in '/'
   * @param mode the mode field as stated, permission and set-id bits
   * @param size the bytes {@link #content()} gives: 0 for directories and links, which carry no
   *     data (POSIX), whatever their size field says
   * @param linkName the link's target for a SYMLINK or HARDLINK (pax linkpath, else GNU long
   *     link, else the header's field); "" when the header names none
   */
  public record Entry(String name, Type type, int mode, long size, String linkName) {}

  /** What an entry is. OTHER: devices, fifos, GNU sparse files, volume labels, unknown types. */
  public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

  /**
   * The next entry, or null at the end of the archive; skips any content of the previous entry
   * left unread.
   *
   * @throws TarFormatException if the stream is not a well-formed archive
   */
  public Entry next() throws IOException {
    if (ended) {
      return null;
    }
    if (entry != null) {
      skip(remaining + padding, "the content of '" + shown(entry.name()) + "'");
    }
    entry = null;
    content = null;
    String longName = null;
    String longLink = null;
    Map<String, String> pax = new HashMap<>();
    for (int metadata = 0; ; metadata++) {
      long at = offset;
      int n = in.readNBytes(header, 0, BLOCK);
      offset += n;
      if (n == 0) {
        throw new TarFormatException("the archive ends at byte " + at + " without its end-of-archive block (truncated)");
      } else if (n < BLOCK) {
        throw new TarFormatException("the archive ends inside the header at byte " + at + " (truncated)");
      }
      if (allZero()) {
        ended = true;
        offset += in.readNBytes(BLOCK).length; // the second zero block, if the writer followed POSIX
        return null;
      }
      checkChecksum(at);
      byte type = header[156];
      long size = number(124, 12, "size", at);
      if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
        if (metadata == MAX_METADATA_HEADERS) {
          throw new TarFormatException("more than " + MAX_METADATA_HEADERS + " metadata headers in a row at byte " + at);
        }
        byte[] data = metadata(size, type, at);
        switch (type) {
          case 'L' -> longName = cString(data);
          case 'K' -> longLink = cString(data);
          case 'x' -> pax.putAll(paxRecords(data, at));
          default -> {
            // 'g': global attributes (a comment, a time); nothing this reader reports
          }
        }
        continue;
      }
      return entry(type, size, longName, longLink, pax, at);
    }
  }

  /**
   * The current entry's content: exactly {@link Entry#size()} bytes, then end of stream. Closing it
   * does not close the reader; it is no longer readable after {@link #next}.
   */
  public InputStream content() {
    if (content == null) {
      throw new IllegalStateException("no current entry: call next() first");
    }
    return content;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private Entry entry(byte type, long size, String longName, String longLink, Map<String, String> pax, long at)
      throws TarFormatException {
    Type t = switch (type) {
      case '0', '\0', '7' -> Type.FILE;
      case '5' -> Type.DIRECTORY;
      case '2' -> Type.SYMLINK;
      case '1' -> Type.HARDLINK;
      default -> Type.OTHER;
    };
    String name = pax.getOrDefault("path", longName != null ? longName : ustarName());
    String link = pax.getOrDefault("linkpath", longLink != null ? longLink : string(157, 100));
    if (pax.containsKey("size")) {
      String s = pax.get("size");
      if (!s.matches("[0-9]{1,18}")) {
        throw new TarFormatException("the pax size '" + shown(s) + "' of the entry at byte " + at + " is not a size");
      }
      size = Long.parseLong(s);
    }
    long mode = number(100, 8, "mode", at);
    if (mode > 07777777) {
      throw new TarFormatException("the mode field of the entry at byte " + at + " is out of range: " + mode);
    }
    long data = t == Type.FILE || t == Type.OTHER ? size : 0;
    entry = new Entry(name, t, (int) mode, data, link);
    remaining = data;
    padding = (int) ((BLOCK - data % BLOCK) % BLOCK);
    content = new Content();
    return entry;
  }

  /** The content of a metadata header, read whole: it is small, or the archive is refused. */
  private byte[] metadata(long size, byte type, long at) throws IOException {
    String what = switch (type) {
      case 'L' -> "GNU long name";
      case 'K' -> "GNU long link name";
      default -> "pax header";
    };
    if (size > MAX_METADATA) {
      throw new TarFormatException("a " + what + " of " + size + " bytes at byte " + at + ": over the limit of "
          + MAX_METADATA);
    }
    byte[] data = in.readNBytes((int) size);
    offset += data.length;
    if (data.length < size) {
      throw new TarFormatException("the archive ends inside the " + what + " at byte " + at + " (truncated)");
    }
    skip((BLOCK - size % BLOCK) % BLOCK, "the " + what + " at byte " + at);
    return data;
  }

  /** Pax records: {@code "<length> <key>=<value>\n"}, the length counting the whole record. */
  private static Map<String, String> paxRecords(byte[] b, long at) throws TarFormatException {
    Map<String, String> m = new HashMap<>();
    int i = 0;
    while (i < b.length) {
      int len = 0;
      int j = i;
      while (j < b.length && j - i < 7 && b[j] >= '0' && b[j] <= '9') {
        len = len * 10 + (b[j] - '0');
        j++;
      }
      int eq = -1;
      if (j > i && j < b.length && b[j] == ' ' && len > j - i + 1 && len <= b.length - i && b[i + len - 1] == '\n') {
        for (int k = j + 1; k < i + len - 1 && eq < 0; k++) {
          eq = b[k] == '=' ? k : -1;
        }
      }
      if (eq < 0) {
        throw new TarFormatException("a malformed pax header at byte " + at + " (record at " + i + ")");
      }
      String key = new String(b, j + 1, eq - j - 1, StandardCharsets.UTF_8);
      String value = new String(b, eq + 1, i + len - 1 - eq - 1, StandardCharsets.UTF_8);
      if (value.isEmpty()) {
        m.remove(key); // POSIX: an empty value reverts to the header's field
      } else {
        m.put(key, value);
      }
      i += len;
    }
    return m;
  }

  private String ustarName() {
    String name = string(0, 100);
    if (java.util.Arrays.equals(header, 257, 263, POSIX_MAGIC, 0, POSIX_MAGIC.length)) {
      String prefix = string(345, 155); // GNU's own format keeps times there, hence the magic check
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  private void checkChecksum(long at) throws TarFormatException {
    long unsigned = 0;
    long signed = 0; // some old tars summed signed bytes: GNU tar accepts both, so does this
    for (int i = 0; i < BLOCK; i++) {
      byte b = i >= 148 && i < 156 ? (byte) ' ' : header[i];
      unsigned += b & 0xff;
      signed += b;
    }
    long stated;
    try {
      stated = number(148, 8, "checksum", at);
    } catch (TarFormatException e) {
      stated = -1;
    }
    if (stated != unsigned && stated != signed) {
      throw new TarFormatException("bad header checksum at byte " + at + ": not a tar archive, or a damaged one");
    }
  }

  /**
   * A numeric field: octal digits with leading and trailing spaces or NULs, or GNU's base-256 (high
   * bit set), which only a non-negative value that fits a long passes.
   */
  private long number(int at, int len, String field, long headerAt) throws TarFormatException {
    if ((header[at] & 0x80) != 0) {
      if ((header[at] & 0x40) != 0) {
        throw new TarFormatException("the " + field + " field of the header at byte " + headerAt + " is negative");
      }
      long v = header[at] & 0x3f;
      for (int i = at + 1; i < at + len; i++) {
        if (v > (Long.MAX_VALUE >>> 8)) {
          throw new TarFormatException("the " + field + " field of the header at byte " + headerAt + " is too large");
        }
        v = (v << 8) | (header[i] & 0xff);
      }
      return v;
    }
    int i = at;
    int end = at + len;
    while (i < end && (header[i] == ' ' || header[i] == 0)) {
      i++;
    }
    long v = 0;
    for (; i < end && header[i] >= '0' && header[i] <= '7'; i++) {
      if (v > (Long.MAX_VALUE >>> 3)) {
        throw new TarFormatException("the " + field + " field of the header at byte " + headerAt + " is too large");
      }
      v = v * 8 + (header[i] - '0');
    }
    while (i < end && (header[i] == ' ' || header[i] == 0)) {
      i++;
    }
    if (i < end) {
      throw new TarFormatException("the " + field + " field of the header at byte " + headerAt + " is not an octal "
          + "number: '" + shown(new String(header, at, len, StandardCharsets.ISO_8859_1)) + "'");
    }
    return v;
  }

  private boolean allZero() {
    for (byte b : header) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private String string(int at, int len) {
    int end = at;
    while (end < at + len && header[end] != 0) {
      end++;
    }
    return new String(header, at, end - at, StandardCharsets.UTF_8);
  }

  /** A GNU long name: NUL-terminated, as tar itself reads it. */
  private static String cString(byte[] b) {
    int end = 0;
    while (end < b.length && b[end] != 0) {
      end++;
    }
    return new String(b, 0, end, StandardCharsets.UTF_8);
  }

  private void skip(long n, String what) throws IOException {
    if (skipBuffer == null && n > 0) {
      skipBuffer = new byte[8192];
    }
    while (n > 0) {
      int r = in.read(skipBuffer, 0, (int) Math.min(n, skipBuffer.length));
      if (r < 0) {
        throw new TarFormatException("the archive ends inside " + what + " (truncated)");
      }
      offset += r;
      n -= r;
    }
  }

  /** A name for a message: control characters escaped, at most 200 characters. */
  static String shown(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(200).forEach(c -> {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\x%02x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return s.codePointCount(0, s.length()) > 200 ? b + "..." : b.toString();
  }

  /** The current entry's content, bounded by its size; stale once the reader moved on. */
  private final class Content extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (content != this) {
        throw new IOException("an entry's content was read after the reader moved on");
      }
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (remaining == 0) {
        return -1;
      } else if (len == 0) {
        return 0;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new TarFormatException("the archive ends inside the content of '" + shown(entry.name()) + "', "
            + remaining + " bytes short (truncated)");
      }
      remaining -= n;
      offset += n;
      return n;
    }

    @Override
    public int available() throws IOException {
      return content != this ? 0 : (int) Math.min(in.available(), remaining);
    }

    @Override
    public void close() {
      // the reader owns the stream
    }
  }
}
