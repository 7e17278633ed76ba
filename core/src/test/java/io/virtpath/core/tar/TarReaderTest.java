package io.virtpath.core.tar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.virtpath.core.tar.TarReader.Entry;
import io.virtpath.core.tar.TarReader.Type;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives written by the real tar (GNU in its own, ustar and pax formats; busybox) read back
 * entry by entry, and hand-made broken ones refused with a {@link TarFormatException}.
 */
class TarReaderTest {
  private static final String LONG = "a-directory-name-of-sixty-characters-to-pass-one-hundred-xx/"
      + "and-a-file-name-that-makes-the-path-longer-than-a-hundred.txt";

  @TempDir Path tmp;

  @Test
  void readsGnuTarsOwnFormatWithLongNamesLinksAndAFifo() throws Exception {
    Path src = tree();
    List<Read> r = readAll(tar(src, "--format=gnu"));
    Map<String, Read> byName = byName(r);
    assertEquals(Type.DIRECTORY, byName.get("./").entry.type());
    // the two names of one inode: the first tar meets is the file, the second a link to it
    Read file = byName.get("./small.txt").entry.type() == Type.FILE ? byName.get("./small.txt") : byName.get("./hard.txt");
    Read hard = file == byName.get("./small.txt") ? byName.get("./hard.txt") : byName.get("./small.txt");
    assertEquals(Type.FILE, file.entry.type());
    assertEquals("hello\n", file.text);
    assertEquals(0640, file.entry.mode());
    assertEquals(Type.HARDLINK, hard.entry.type());
    assertEquals(file.entry.name(), hard.entry.linkName());
    assertEquals(0, hard.entry.size());
    assertEquals("x".repeat(1000), byName.get("./" + LONG).text, "a GNU long name ('L') and its content");
    Read sym = byName.get("./link");
    assertEquals(Type.SYMLINK, sym.entry.type());
    assertEquals("/" + "t".repeat(150), sym.entry.linkName(), "a GNU long link ('K')");
    assertEquals(0, sym.entry.size());
    assertEquals(Type.OTHER, byName.get("./fifo").entry.type());
    assertEquals(7, r.size(), names(r));
  }

  @Test
  void readsPaxHeadersForPathAndLinkpath() throws Exception {
    Path src = tree();
    Files.writeString(src.resolve("gr\u00fc\u00dfe.txt"), "pax names are UTF-8");
    Map<String, Read> byName = byName(readAll(tar(src, "--format=pax")));
    assertEquals("x".repeat(1000), byName.get("./" + LONG).text);
    assertEquals("/" + "t".repeat(150), byName.get("./link").entry.linkName());
    assertEquals("pax names are UTF-8", byName.get("./gr\u00fc\u00dfe.txt").text);
    assertEquals("hello\n", byName.get("./small.txt").entry.type() == Type.FILE ? byName.get("./small.txt").text
        : byName.get("./hard.txt").text);
  }

  @Test
  void readsUstarPrefixAndName() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("u"));
    Files.createDirectories(src.resolve(LONG).getParent());
    Files.writeString(src.resolve(LONG), "split");
    Map<String, Read> byName = byName(readAll(tar(src, "--format=ustar")));
    assertEquals("split", byName.get("./" + LONG).text, "name split into prefix and name at a '/'");
  }

  @Test
  void readsBusyboxTar() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/busybox")) || Files.isExecutable(Path.of("/bin/busybox")),
        "busybox is not installed");
    Path src = tree();
    Path out = tmp.resolve("bb.tar");
    run(src, "busybox", "tar", "-cf", out.toString(), "small.txt", "link", LONG.substring(0, LONG.indexOf('/')));
    Map<String, Read> byName = byName(readAll(Files.readAllBytes(out)));
    assertEquals("hello\n", byName.get("small.txt").text);
    assertEquals(Type.SYMLINK, byName.get("link").entry.type());
    assertEquals("/" + "t".repeat(150), byName.get("link").entry.linkName());
    assertEquals("x".repeat(1000), byName.get(LONG).text);
  }

  @Test
  void nextSkipsContentLeftUnreadAndAnOldContentStreamIsStale() throws Exception {
    Path src = tree();
    try (TarReader t = new TarReader(new ByteArrayInputStream(tar(src, "--format=gnu")))) {
      InputStream first = null;
      int entries = 0;
      for (Entry e; (e = t.next()) != null; ) {
        entries++;
        if (e.size() > 0 && first == null) {
          first = t.content();
          assertTrue(first.read() >= 0, "one byte read, the rest left");
        }
      }
      assertEquals(7, entries);
      InputStream stale = first;
      assertThrows(IOException.class, () -> stale.read(new byte[10]));
      assertNull(t.next(), "still at the end");
    }
  }

  @Test
  void aPaxSizeOverridesTheHeadersAndAnEmptyValueRevertsAField() throws Exception {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    a.writeBytes(paxHeader(record("size", "3") + record("path", "long/name") + record("path", "")));
    a.writeBytes(header("short", '0', 0, ""));
    a.writeBytes(padded("abc".getBytes(StandardCharsets.US_ASCII)));
    a.writeBytes(new byte[1024]);
    List<Read> r = readAll(a.toByteArray());
    assertEquals("short", r.get(0).entry.name(), "an empty path record reverts to the header's name");
    assertEquals("abc", r.get(0).text);
  }

  @Test
  void acceptsABase256SizeThatFits() throws Exception {
    byte[] h = header("f", '0', 0, "");
    Arrays.fill(h, 124, 136, (byte) 0);
    h[124] = (byte) 0x80;
    h[135] = 5;
    checksum(h);
    List<Read> r = readAll(concat(h, padded("12345".getBytes(StandardCharsets.US_ASCII)), new byte[1024]));
    assertEquals("12345", r.get(0).text);
  }

  @Test
  void aBadChecksumIsRefused() throws Exception {
    byte[] a = tar(tree(), "--format=gnu");
    a[600] ^= 1; // a byte of the second header
    assertRefused(a, "bad header checksum at byte 512");
  }

  @Test
  void somethingThatIsNotATarIsRefused() {
    byte[] json = Arrays.copyOf("{\"status\": \"complete\"}\n".getBytes(StandardCharsets.US_ASCII), 1024);
    assertRefused(json, "not a tar archive");
  }

  @Test
  void truncationsAreRefusedWhereverTheyCut() throws Exception {
    byte[] f = concat(header("f", '0', 1000, ""), padded(new byte[1000]), new byte[1024]);
    assertRefused(Arrays.copyOf(f, 300), "inside the header at byte 0");
    assertRefused(Arrays.copyOf(f, 512 + 600), "inside the content of 'f', 400 bytes short");
    assertRefused(Arrays.copyOf(f, 512 + 1000), "inside the content of 'f'"); // unread, skipped by next()
    assertRefused(Arrays.copyOf(f, 512 + 1024), "ends at byte 1536 without its end-of-archive block");
    assertRefused(new byte[0], "ends at byte 0 without its end-of-archive block");
  }

  @Test
  void numberFieldsThatAreNotNumbersOrDoNotFitAreRefused() {
    byte[] octal = header("f", '0', 0, "");
    System.arraycopy("12345678x01\0".getBytes(StandardCharsets.US_ASCII), 0, octal, 124, 12);
    assertRefused(withChecksum(octal), "size field of the header at byte 0 is not an octal number: '12345678x01\\x00'");
    byte[] huge = header("f", '0', 0, "");
    Arrays.fill(huge, 124, 136, (byte) 0xff);
    huge[124] = (byte) 0x80;
    assertRefused(withChecksum(huge), "size field of the header at byte 0 is too large");
    byte[] negative = header("f", '0', 0, "");
    Arrays.fill(negative, 124, 136, (byte) 0xff);
    assertRefused(withChecksum(negative), "size field of the header at byte 0 is negative");
    assertRefused(concat(paxHeader(record("size", "99999999999999999999")), header("f", '0', 0, ""),
        new byte[1024]), "the pax size '99999999999999999999' of the entry at byte 1024 is not a size");
    assertRefused(concat(paxHeader(record("size", "-1")), header("f", '0', 0, ""), new byte[1024]),
        "is not a size");
  }

  @Test
  void oversizedOrMalformedMetadataIsRefusedUnread() {
    // a 1 GiB long name: refused from its header, nothing allocated or read for it
    byte[] longName = header("././@LongLink", 'L', 1L << 30, "");
    assertRefused(longName, "a GNU long name of 1073741824 bytes at byte 0: over the limit of 65536");
    assertRefused(header("././@LongLink", 'K', 70_000, ""), "a GNU long link name of 70000 bytes");
    assertRefused(header("pax", 'x', 1L << 20, ""), "a pax header of 1048576 bytes");
    assertRefused(header("pax", 'g', 1L << 20, ""), "a pax header of 1048576 bytes");
    assertRefused(concat(paxHeader("9 path=x"), header("f", '0', 0, ""), new byte[1024]), "a malformed pax header");
    assertRefused(concat(paxHeader("99 path=x\n"), header("f", '0', 0, ""), new byte[1024]), "a malformed pax header");
    byte[] chain = new byte[0];
    for (int i = 0; i < 20; i++) {
      chain = concat(chain, paxHeader(record("comment", "again")));
    }
    assertRefused(chain, "more than 16 metadata headers in a row");
  }

  // ---- helpers ----

  private record Read(Entry entry, String text) {}

  private Path tree() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src-" + System.nanoTime()));
    Files.writeString(src.resolve("small.txt"), "hello\n");
    Files.setPosixFilePermissions(src.resolve("small.txt"), java.nio.file.attribute.PosixFilePermissions.fromString(
        "rw-r-----"));
    Files.createDirectories(src.resolve(LONG).getParent());
    Files.writeString(src.resolve(LONG), "x".repeat(1000));
    Files.createSymbolicLink(src.resolve("link"), Path.of("/" + "t".repeat(150)));
    Files.createLink(src.resolve("hard.txt"), src.resolve("small.txt"));
    run(src, "mkfifo", "fifo");
    return src;
  }

  private byte[] tar(Path src, String format) throws Exception {
    Path out = tmp.resolve("a-" + System.nanoTime() + ".tar");
    run(src, "tar", format, "-C", src.toString(), "-cf", out.toString(), ".");
    return Files.readAllBytes(out);
  }

  private static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
  }

  private static List<Read> readAll(byte[] archive) throws IOException {
    List<Read> r = new ArrayList<>();
    try (TarReader t = new TarReader(new ByteArrayInputStream(archive))) {
      for (Entry e; (e = t.next()) != null; ) {
        byte[] content = t.content().readAllBytes();
        assertEquals(e.size(), content.length, e.name());
        r.add(new Read(e, new String(content, StandardCharsets.UTF_8)));
      }
    }
    return r;
  }

  private static Map<String, Read> byName(List<Read> r) {
    return r.stream().collect(Collectors.toMap(x -> x.entry.name(), x -> x));
  }

  private static String names(List<Read> r) {
    return r.stream().map(x -> x.entry.name()).toList().toString();
  }

  private static void assertRefused(byte[] archive, String message) {
    TarFormatException e = assertThrows(TarFormatException.class, () -> readAll(archive));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  /** A ustar header as GNU tar writes one, checksum included. */
  static byte[] header(String name, char type, long size, String link) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, h, 0, n.length);
    put(h, 100, String.format("%07o\0", 0644));
    put(h, 108, "0000000\0");
    put(h, 116, "0000000\0");
    put(h, 124, String.format("%011o\0", size));
    put(h, 136, "00000000000\0");
    h[156] = (byte) type;
    put(h, 157, link);
    put(h, 257, "ustar\0" + "00");
    return withChecksum(h);
  }

  private static byte[] paxHeader(String records) {
    byte[] body = records.getBytes(StandardCharsets.UTF_8);
    return concat(header("PaxHeaders/f", 'x', body.length, ""), padded(body));
  }

  /** One pax record, its length counting itself. */
  private static String record(String key, String value) {
    String rest = " " + key + "=" + value + "\n";
    int len = rest.length() + 1;
    while (String.valueOf(len).length() + rest.length() != len) {
      len++;
    }
    return len + rest;
  }

  private static byte[] withChecksum(byte[] h) {
    checksum(h);
    return h;
  }

  private static void checksum(byte[] h) {
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o\0 ", sum));
  }

  private static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, at, b.length);
  }

  private static byte[] padded(byte[] content) {
    return Arrays.copyOf(content, (content.length + 511) / 512 * 512);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  @Test
  void theTestsOwnHeaderIsWhatTarReads() throws Exception {
    Path f = tmp.resolve("own.tar");
    Files.write(f, concat(header("dir/", '5', 0, ""), header("dir/f", '0', 3, ""),
        padded("abc".getBytes(StandardCharsets.US_ASCII)), new byte[1024]));
    Process p = new ProcessBuilder("tar", "-tvf", f.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("dir/f"), out);
    assertArrayEquals(new String[] {"dir/", "dir/f"}, readAll(Files.readAllBytes(f)).stream()
        .map(r -> r.entry.name()).toArray(String[]::new));
  }
}
