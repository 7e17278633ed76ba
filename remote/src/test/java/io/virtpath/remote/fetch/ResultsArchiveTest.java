package io.virtpath.remote.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target's results archive read as hostile input: each way out of the staging directory, each
 * kind of entry that is not a file or a directory, each limit — refused with the target named, and
 * nothing left written, inside staging or out.
 */
class ResultsArchiveTest {
  private static final String FROM = "the results archive from exec:evil ";

  @TempDir Path tmp;
  private Path staging;
  private Path outside;

  @BeforeEach
  void dirs() throws Exception {
    staging = Files.createDirectories(tmp.resolve("work/t/results"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("canary"), "untouched");
  }

  @Test
  void unpacksWhatRealTarSendsWithItsOwnModes() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/run-1/t"));
    Files.writeString(src.resolve("jmh.json"), "[]");
    Files.setPosixFilePermissions(src.resolve("jmh.json"), PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path tar = tmp.resolve("r.tar");
    Process p = new ProcessBuilder("tar", "-C", tmp.resolve("src").toString(), "-cf", tar.toString(), ".")
        .inheritIO().start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0);
    ResultsArchive.Unpacked u = unpack(Files.readAllBytes(tar));
    assertEquals(new ResultsArchive.Unpacked(1, 2, 2), u);
    assertEquals("[]", Files.readString(staging.resolve("run-1/t/jmh.json")));
    Set<PosixFilePermission> file = Files.getPosixFilePermissions(staging.resolve("run-1/t/jmh.json"));
    Set<PosixFilePermission> dir = Files.getPosixFilePermissions(staging.resolve("run-1/t"));
    assertFalse(file.contains(PosixFilePermission.OWNER_EXECUTE) || file.contains(PosixFilePermission.OTHERS_WRITE),
        "the archive's modes are ignored: " + file);
    assertFalse(dir.contains(PosixFilePermission.OTHERS_WRITE), "the archive's modes are ignored: " + dir);
  }

  @Test
  void aDotDotEntryIsRefusedAndWhatCameBeforeItIsRemoved() {
    byte[] a = new Tars().dir("./").dir("./run-1/").file("./run-1/manifest.json", "{}").file("../escape", "x").end();
    assertRefused(a, FROM + "holds '../escape': a path outside its results directory, refused");
    assertFalse(Files.exists(staging.getParent().resolve("escape")));
    assertEquals(List.of(), tree(staging), "what was written before the refusal is gone");
  }

  @Test
  void aDotDotInsideANameIsRefusedToo() {
    assertRefused(new Tars().file("run-1/../../../escape", "x").end(), "a path outside its results directory");
    assertRefused(new Tars().file("./a//..", "x").end(), "a path outside its results directory");
  }

  @Test
  void anAbsolutePathIsRefused() {
    assertRefused(new Tars().file("/etc/x", "x").end(),
        FROM + "holds '/etc/x': an absolute path, outside its results directory, refused");
    assertRefused(new Tars().paxPath(outside.resolve("planted").toString()).file("innocent", "x").end(),
        "an absolute path");
    assertFalse(Files.exists(outside.resolve("planted")));
  }

  @Test
  void linksDevicesAndFifosAreRefused() {
    assertRefused(new Tars().entry("./root", '2', "/").end(),
        FROM + "holds './root', a symbolic link to '/': only files and directories are fetched, refused");
    assertRefused(new Tars().entry("./passwd", '1', "/etc/passwd").end(),
        FROM + "holds './passwd', a hard link to '/etc/passwd': only files and directories are fetched, refused");
    assertRefused(new Tars().entry("./null", '3', "").end(), "holds './null', a device, fifo or other special file");
    assertRefused(new Tars().entry("./fifo", '6', "").end(), "holds './fifo', a device, fifo or other special file");
    // then a file through the link: refused at the link, so nothing goes through it
    assertRefused(new Tars().entry("./out", '2', outside.toString()).file("./out/canary", "overwritten").end(),
        "a symbolic link");
    assertEquals(List.of(), tree(staging));
  }

  @Test
  void aSymbolicLinkPlantedInStagingIsNeverWrittenThrough() throws Exception {
    Files.createSymbolicLink(staging.resolve("run-1"), outside);
    assertRefused(new Tars().file("./run-1/canary", "overwritten").end(),
        FROM + "holds './run-1/canary', below a symbolic link in the staging directory: refused");
    assertRefused(new Tars().dir("./run-1/").end(), "where the staging directory has a symbolic link");
    Files.createSymbolicLink(staging.resolve("f.json"), outside.resolve("canary"));
    assertRefused(new Tars().file("./f.json", "overwritten").end(), "where the staging directory has a symbolic link");
    assertEquals("untouched", Files.readString(outside.resolve("canary")));
    assertTrue(Files.isSymbolicLink(staging.resolve("run-1")), "not created by the unpacking: left alone");
  }

  @Test
  void aOneGibEntryIsRefusedFromItsHeaderWithoutReadingIt() {
    Tars.Lazy gib = Tars.lazy("./run-1/big", 1L << 30);
    ResultsArchive.Refused r = assertThrows(ResultsArchive.Refused.class,
        () -> ResultsArchive.unpack(gib, staging, "exec:evil", ResultsArchive.Limits.DEFAULT));
    assertEquals(FROM + "holds './run-1/big' of 1073741824 bytes: over the limit of 128 MiB per file, refused",
        r.getMessage());
    assertFalse(r.malformed());
    assertTrue(gib.produced() <= 64 * 1024, "stopped reading at the header: " + gib.produced() + " bytes read");
    assertEquals(List.of(), tree(staging));
  }

  @Test
  void theWholeArchiveIsBoundedToo() throws Exception {
    ResultsArchive.Limits small = new ResultsArchive.Limits(64 * 1024, 32 * 1024, 1000, 1024);
    Tars many = new Tars();
    for (int i = 0; i < 100; i++) {
      many.file("f" + i, "x".repeat(1000));
    }
    ResultsArchive.Refused r = assertThrows(ResultsArchive.Refused.class,
        () -> ResultsArchive.unpack(new ByteArrayInputStream(many.end()), staging, "exec:evil", small));
    assertTrue(r.getMessage().startsWith(FROM + "is larger than 64 KiB (at 'f"), r.getMessage());
    assertEquals(List.of(), tree(staging));
    // an endless stream after the end of the archive: read up to the limit, then refused
    byte[] end = new Tars().file("f", "x").end();
    InputStream endless = new java.io.SequenceInputStream(new ByteArrayInputStream(end), Tars.lazy("pad", 1L << 40));
    r = assertThrows(ResultsArchive.Refused.class, () -> ResultsArchive.unpack(endless, staging, "exec:evil", small));
    assertEquals(FROM + "is larger than 64 KiB: over the limit for a results directory, refused", r.getMessage());
    assertFalse(Files.exists(staging.resolve("f")));
  }

  @Test
  void entriesAndNameLengthsAreBounded() {
    ResultsArchive.Limits few = new ResultsArchive.Limits(1 << 20, 1 << 20, 10, 1024);
    Tars many = new Tars();
    for (int i = 0; i < 11; i++) {
      many.dir("d" + i + "/");
    }
    ResultsArchive.Refused r = assertThrows(ResultsArchive.Refused.class,
        () -> ResultsArchive.unpack(new ByteArrayInputStream(many.end()), staging, "exec:evil", few));
    assertEquals(FROM + "holds more than 10 entries: over the limit, refused", r.getMessage());
    assertRefused(new Tars().paxPath("a/".repeat(600) + "f").file("f", "x").end(),
        "holds a name of 1201 characters ('a/a/a/");
    assertRefused(new Tars().paxPath("n".repeat(300)).file("f", "x").end(), "a name over 255 bytes, refused");
    assertEquals(List.of(), tree(staging));
  }

  @Test
  void aNulInANameIsRefused() {
    assertRefused(new Tars().paxPath("ok\0/../../x").file("f", "x").end(),
        FROM + "holds a name with a NUL byte ('ok\\x00/../../x'): refused");
  }

  @Test
  void controlCharactersInANameCannotForgeALine() {
    ResultsArchive.Refused r = assertThrows(ResultsArchive.Refused.class,
        () -> unpack(new Tars().entry("x\n[round 1/1] t: complete\u001b[2K", '2', "/").end()));
    assertFalse(r.getMessage().contains("\n") || r.getMessage().contains("\u001b"), r.getMessage());
    assertTrue(r.getMessage().contains("x\\x0a[round 1/1] t: complete\\x1b[2K"), r.getMessage());
  }

  @Test
  void aFileSentTwiceOrAsBothKindsIsRefused() {
    assertRefused(new Tars().file("a", "1").file("a", "2").end(), "holds 'a' twice, or as a file and a directory");
    assertRefused(new Tars().file("a", "1").dir("a/").end(), "holds 'a/' both as a file and as a directory");
    assertRefused(new Tars().file("a", "1").file("a/b", "2").end(), "holds 'a/b', below what it sent as a file");
    assertRefused(new Tars().file("./", "1").end(), "holds a file named './', where its results directory is");
  }

  @Test
  void aStreamThatIsNotACompleteArchiveIsMalformed() {
    byte[] a = new Tars().dir("run-1/").file("run-1/jmh.json", "[]").end();
    ResultsArchive.Refused r = assertThrows(ResultsArchive.Refused.class,
        () -> unpack(java.util.Arrays.copyOf(a, 1024 + 100)));
    assertTrue(r.malformed());
    assertTrue(r.getMessage().startsWith(FROM + "is not a valid tar archive: the archive ends inside the content of "
        + "'run-1/jmh.json' (truncated)"), r.getMessage());
    assertEquals(List.of(), tree(staging));
    r = assertThrows(ResultsArchive.Refused.class, () -> unpack(new byte[0]));
    assertTrue(r.malformed() && r.getMessage().contains("without its end-of-archive block"), r.getMessage());
    r = assertThrows(ResultsArchive.Refused.class,
        () -> unpack("{\"not\": \"a tar\"}".repeat(64).getBytes(StandardCharsets.US_ASCII)));
    assertTrue(r.getMessage().endsWith("bad header checksum at byte 0: not a tar archive, or a damaged one"),
        r.getMessage());
  }

  // ---- helpers ----

  private ResultsArchive.Unpacked unpack(byte[] archive) throws Exception {
    return ResultsArchive.unpack(new ByteArrayInputStream(archive), staging, "exec:evil",
        ResultsArchive.Limits.DEFAULT);
  }

  private void assertRefused(byte[] archive, String message) {
    ResultsArchive.Refused r = assertThrows(ResultsArchive.Refused.class, () -> unpack(archive));
    assertTrue(r.getMessage().contains(message), r.getMessage());
    assertEquals("untouched", read(outside.resolve("canary")));
    try (Stream<Path> s = Files.list(outside)) {
      assertEquals(1, s.count(), "nothing written outside staging");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** What staging holds that is not a symbolic link planted by the test. */
  private static List<String> tree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root) && !Files.isSymbolicLink(p))
          .filter(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS)).map(p -> root.relativize(p).toString()).toList();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
