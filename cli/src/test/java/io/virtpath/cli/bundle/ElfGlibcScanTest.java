package io.virtpath.cli.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfGlibcScanTest {
  private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
  private static final Path LIBJVM = JAVA_HOME.resolve("lib/server/libjvm.so");

  @TempDir Path tmp;

  @Test
  void readsTheSameGlibcVersionsAsReadelfFromTheRealLibjvm() throws Exception {
    TreeSet<GlibcVersion> ours = ElfGlibcScan.versionsOf(LIBJVM);
    assertFalse(ours.isEmpty(), "libjvm.so needs some GLIBC_ version");
    assertTrue(ours.last().compareTo(new GlibcVersion(2, 2, 5)) > 0, ours.toString());
    Assumptions.assumeTrue(readelfExists(), "no readelf here: the comparison with binutils is skipped");
    assertEquals(readelfVersions(LIBJVM), ours);
  }

  @Test
  void theHighestUnderATreeIsTheMaximumOverItsElfFilesAndSkipsOtherFiles() throws Exception {
    Files.copy(LIBJVM, tmp.resolve("libjvm.so"));
    Files.copy(JAVA_HOME.resolve("bin/java"), tmp.resolve("java"));
    Files.writeString(tmp.resolve("release"), "JAVA_VERSION=\"25\"\n");
    Files.write(tmp.resolve("tiny"), new byte[] {1, 2});
    GlibcVersion expected = ElfGlibcScan.versionsOf(LIBJVM).last();
    GlibcVersion java = ElfGlibcScan.versionsOf(JAVA_HOME.resolve("bin/java")).last();
    assertEquals(Optional.of(expected.compareTo(java) >= 0 ? expected : java), ElfGlibcScan.highestUnder(tmp));
  }

  @Test
  void aTreeWithoutElfFilesNeedsNoGlibc() throws Exception {
    Files.writeString(tmp.resolve("a.txt"), "text");
    assertEquals(Optional.empty(), ElfGlibcScan.highestUnder(tmp));
  }

  @Test
  void aTruncatedElfFileIsAClearErrorNamingTheFile() throws Exception {
    byte[] head = Files.readAllBytes(LIBJVM);
    Path cut = tmp.resolve("cut.so");
    Files.write(cut, java.util.Arrays.copyOf(head, 64)); // the ELF header, pointing at section headers past the end
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ElfGlibcScan.versionsOf(cut));
    assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("malformed"), e.getMessage());
  }

  @Test
  void symbolVersionNamesAreParsedAndOrderedNumerically() {
    assertEquals(new GlibcVersion(2, 2, 5), GlibcVersion.ofSymbolVersion("GLIBC_2.2.5"));
    assertEquals(new GlibcVersion(2, 34, 0), GlibcVersion.ofSymbolVersion("GLIBC_2.34"));
    assertNull(GlibcVersion.ofSymbolVersion("GLIBC_PRIVATE"));
    assertNull(GlibcVersion.ofSymbolVersion("GCC_3.0"));
    assertTrue(new GlibcVersion(2, 34, 0).compareTo(new GlibcVersion(2, 4, 0)) > 0, "2.34 > 2.4, not a string compare");
    assertEquals("2.34", new GlibcVersion(2, 34, 0).toString());
  }

  private static boolean readelfExists() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "readelf"))) {
        return true;
      }
    }
    return false;
  }

  /** GLIBC_x.y names in the "Version needs section" of `readelf -V`. */
  private static TreeSet<GlibcVersion> readelfVersions(Path elf) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("readelf", "-V", "-W", elf.toString()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), text);
    String needs = text.substring(text.indexOf("Version needs section"));
    TreeSet<GlibcVersion> found = new TreeSet<>();
    Matcher m = Pattern.compile("Name: (GLIBC_[0-9.]+)").matcher(needs);
    while (m.find()) {
      found.add(GlibcVersion.ofSymbolVersion(m.group(1)));
    }
    return found;
  }
}
