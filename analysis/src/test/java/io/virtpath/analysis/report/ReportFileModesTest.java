package io.virtpath.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report is for others to read: its files get the modes the user's umask gives (0644 under 022),
 * like any file they write, not 0600 (which hid a root-written report from everyone else).
 */
class ReportFileModesTest {
  @TempDir Path tmp;

  @Test
  void everyFileAndDirectoryOfAReportFollowsTheUmask() throws Exception {
    // a child inherits this JVM's umask
    Process sh = new ProcessBuilder("sh", "-c", "umask").start();
    int umask = Integer.parseInt(new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip(), 8);
    sh.waitFor();
    Path out = tmp.resolve("report");
    ReportWriter.write(new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(Fixtures.LAB)), null), out);
    // written twice: a rewrite replaces files and keeps the same modes
    ReportWriter.write(new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(Fixtures.LAB)), null), out);
    List<Path> all;
    try (Stream<Path> s = Files.walk(out)) {
      all = s.toList();
    }
    assertTrue(all.stream().anyMatch(p -> p.getFileName().toString().endsWith(".png")), all.toString());
    assertTrue(all.contains(out.resolve("report.html")) && all.contains(out.resolve("summary.json"))
        && all.contains(out.resolve("summary.csv")), all.toString());
    for (Path p : all) {
      int expected = (Files.isDirectory(p) ? 0777 : 0666) & ~umask;
      assertEquals(PosixFilePermissions.toString(fromMode(expected)),
          PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
      if (umask == 0022 && !Files.isDirectory(p)) {
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
      }
    }
  }

  private static Set<PosixFilePermission> fromMode(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        out.add(bits[i]);
      }
    }
    return out;
  }
}
