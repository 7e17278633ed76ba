package io.virtpath.cli.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds the glibc versions ELF files need by reading their version-needs section
 * ({@code .gnu.version_r}, type SHT_GNU_verneed): the same table {@code readelf -V} prints, read
 * here so that building a bundle needs no binutils. 64-bit little-endian ELF only: the JDK builds
 * virtpath runs on (x86-64, aarch64).
 */
public final class ElfGlibcScan {
  private static final int SHT_GNU_VERNEED = 0x6ffffffe;
  private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};

  private ElfGlibcScan() {}

  /** The highest glibc version any ELF file under {@code root} needs; empty when none needs glibc. */
  public static Optional<GlibcVersion> highestUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .filter(ElfGlibcScan::isElf)
          .flatMap(p -> versionsOf(p).stream())
          .max(GlibcVersion::compareTo);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  static boolean isElf(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return java.util.Arrays.equals(in.readNBytes(4), MAGIC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every GLIBC_x.y version {@code elf} names in its version needs, sorted. */
  static TreeSet<GlibcVersion> versionsOf(Path elf) {
    try (FileChannel ch = FileChannel.open(elf)) {
      ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
      return read(b, elf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new IllegalStateException(elf + " is a truncated or malformed ELF file: " + e.getMessage(), e);
    }
  }

  private static TreeSet<GlibcVersion> read(ByteBuffer b, Path elf) {
    if (b.get(4) != 2 || b.get(5) != 1) {
      throw new IllegalStateException(elf + " is not a 64-bit little-endian ELF file (class " + b.get(4)
          + ", data " + b.get(5) + "): bundles are built for x86-64 and aarch64 only");
    }
    long shoff = b.getLong(0x28);
    int shentsize = Short.toUnsignedInt(b.getShort(0x3A));
    int shnum = Short.toUnsignedInt(b.getShort(0x3C));
    TreeSet<GlibcVersion> found = new TreeSet<>();
    for (int i = 0; i < shnum; i++) {
      int sh = Math.toIntExact(shoff + (long) i * shentsize);
      if (b.getInt(sh + 4) != SHT_GNU_VERNEED) {
        continue;
      }
      int offset = Math.toIntExact(b.getLong(sh + 0x18));
      int link = b.getInt(sh + 0x28); // the string table the names are in
      int count = b.getInt(sh + 0x2C); // sh_info: number of Verneed entries
      int strtab = Math.toIntExact(b.getLong(Math.toIntExact(shoff + (long) link * shentsize) + 0x18));
      int vn = offset;
      for (int n = 0; n < count; n++) {
        int auxCount = Short.toUnsignedInt(b.getShort(vn + 2));
        int aux = vn + b.getInt(vn + 8);
        for (int a = 0; a < auxCount; a++) {
          GlibcVersion v = GlibcVersion.ofSymbolVersion(string(b, strtab + b.getInt(aux + 8)));
          if (v != null) {
            found.add(v);
          }
          aux += b.getInt(aux + 12);
        }
        vn += b.getInt(vn + 12);
      }
    }
    return found;
  }

  private static String string(ByteBuffer b, int at) {
    int end = at;
    while (b.get(end) != 0) {
      end++;
    }
    byte[] s = new byte[end - at];
    b.get(at, s);
    return new String(s, StandardCharsets.US_ASCII);
  }
}
