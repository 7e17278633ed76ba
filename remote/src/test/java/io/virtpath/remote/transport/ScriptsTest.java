package io.virtpath.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.virtpath.remote.BundleListing;
import io.virtpath.remote.spec.TargetUri;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target scripts run by a real sh through the local transport, with a stand-in bundle whose
 * launcher is a shell script: the markers, the hash check, the cache, the exit status, and the
 * watcher that stops the run's whole process group when the controller hangs up.
 */
class ScriptsTest {
  private static final Duration WAIT = Duration.ofMinutes(1);
  private static final String ID = "virtpath-bundle-test";
  private static final String RUN = "20261207-120000-abcd";
  private final Transport local = new Transport(new TargetUri.Local(), List.of(), false);

  @TempDir Path dir;
  private Path scratch;
  private Path logs;

  @BeforeEach
  void setUp() throws Exception {
    scratch = dir.resolve("scratch");
    logs = Files.createDirectories(dir.resolve("logs"));
  }

  @Test
  void probeSaysMissingThenCachedAfterAnUpload() throws Exception {
    Path tarball = bundle("exit 0");
    String tree = BundleListing.treeSha256(tarball, ID);
    Markers first = probe(tree);
    assertTrue(first.has("sh") && first.has("missing"), first.toString());
    assertTrue(first.value("df").isPresent(), first.toString());
    assertEquals("700", mode(scratch), "the scratch directory virtpath creates is private");

    Markers up = run("upload", Scripts.upload(scratch.toString(), ID, sha256(tarball), ID, tree), tarball);
    assertTrue(up.has("deployed"), up + " " + Files.readString(logs.resolve("upload.err")));
    assertTrue(Files.isExecutable(scratch.resolve(".virtpath-bundles/" + ID + "/bin/virtpath")));
    assertTrue(probe(tree).has("cached"));
  }

  @Test
  void aCachedBundleThatDiffersInAnyWayIsRemovedNotRun() throws Exception {
    Path b = scratch.resolve(".virtpath-bundles/" + ID);
    String tree = deploy("exit 0\n");
    List<java.util.function.Consumer<Path>> tamper = List.of(
        root -> write(root.resolve("bin/virtpath"), "#!/bin/sh\nid > /tmp/owned\n"),
        root -> write(root.resolve("runtime/lib-extra.so"), "planted"),
        root -> chmod(root.resolve("bin/virtpath"), "rw-------"),
        root -> delete(root.resolve("runtime/bin/java")));
    for (var t : tamper) {
      t.accept(b);
      Markers m = probe(tree);
      assertTrue(m.has("replaced") && m.has("missing") && !m.has("cached"), m.toString());
      assertFalse(Files.exists(b), "the tampered bundle is removed");
      deploy("exit 0\n");
      assertTrue(probe(tree).has("cached"));
    }
  }

  @Test
  void aDamagedBundleIsRefusedAndLeavesNothing() throws Exception {
    Path tarball = bundle("exit 0");
    String wrong = "0".repeat(64);
    Markers up = run("upload", Scripts.upload(scratch.toString(), ID, wrong, ID, BundleListing.treeSha256(tarball, ID)),
        tarball);
    assertTrue(up.value("fail").orElse("").startsWith("the bundle arrived damaged: sha256 " + sha256(tarball)), up.toString());
    try (var s = Files.list(scratch.resolve(".virtpath-bundles"))) {
      assertEquals(List.of(), s.toList(), "no half-installed bundle or upload directory is left");
    }
  }

  @Test
  void tarsOwnReasonIsSaidWhenItCannotUnpack() throws Exception {
    Path whole = bundle("exit 0");
    byte[] bytes = Files.readAllBytes(whole);
    Path notTar = Files.write(dir.resolve("truncated.tar.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Markers up = run("upload", Scripts.upload(scratch.toString(), ID, sha256(notTar), ID, "0".repeat(64)), notTar);
    String fail = up.value("fail").orElse("");
    assertTrue(fail.startsWith("could not unpack the bundle in ") && fail.contains("tar said: ")
        && fail.toLowerCase(java.util.Locale.ROOT).contains("tar"), up.toString());
    try (var s = Files.list(scratch.resolve(".virtpath-bundles"))) {
      assertEquals(List.of(), s.toList());
    }
  }

  @Test
  void aScratchOthersCanWriteIsRefused() throws Exception {
    Files.createDirectories(scratch);
    chmod(scratch, "rwxrwxrwx");
    String fail = probe("0".repeat(64)).value("fail").orElse("");
    assertTrue(fail.startsWith("the scratch directory " + scratch + " is writable by other users (mode 777)"), fail);

    Path open = Files.createDirectories(dir.resolve("open"));
    chmod(open, "rwxrwxrwx"); // no sticky bit: anyone may rename the scratch directory away
    Path inside = open.resolve("scratch");
    Markers m = run("probe-open", Scripts.probe(inside.toString(), ID, "0".repeat(64), false, List.of()), null);
    assertTrue(m.value("fail").orElse("").startsWith(open + " (above the scratch directory) is writable by other users"),
        m.toString());
  }

  @Test
  void aLinkToAPrivateDirectoryIsFollowedAndChecked() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    Markers ok = run("probe-link", Scripts.probe(link.toString(), ID, "0".repeat(64), false, List.of()), null);
    assertTrue(ok.has("missing"), ok.toString());
    chmod(real, "rwxrwxr-x");
    Markers bad = run("probe-link2", Scripts.probe(link.toString(), ID, "0".repeat(64), false, List.of()), null);
    assertTrue(bad.value("fail").orElse("").contains(real + " is writable by other users"), bad.toString());
  }

  @Test
  void aScratchOrBundleOfAnotherUserIsNeverUsed() throws Exception {
    assumeTrue(isRoot(), "needs root to give files to another user");
    String tree = deploy("exit 0\n");
    Path b = scratch.resolve(".virtpath-bundles/" + ID);
    Files.setAttribute(b.resolve("bin/virtpath"), "unix:uid", 65534);
    Markers m = probe(tree);
    assertTrue(m.value("replaced").orElse("").endsWith("bin/virtpath is not yours alone"), m.toString());
    assertFalse(Files.exists(b));

    Files.setAttribute(scratch, "unix:uid", 65534);
    String fail = probe(tree).value("fail").orElse("");
    assertTrue(fail.startsWith("the scratch directory " + scratch + " is owned by uid 65534, not by you (uid 0)"), fail);
  }

  @Test
  void aMemoryBackedScratchIsRefusedForTheDiskSuite() throws Exception {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm here");
    Path mem = Files.createTempDirectory(shm, "virtpath-test-");
    try {
      Markers syscall = run("probe-mem", Scripts.probe(mem.toString(), ID, "0".repeat(64), false, List.of()), null);
      assertTrue(syscall.has("missing"), "without the disk suite a tmpfs scratch is fine: " + syscall);
      Markers disk = run("probe-mem-disk", Scripts.probe(mem.toString(), ID, "0".repeat(64), true, List.of()), null);
      assertTrue(disk.value("fail").orElse("").contains("is on tmpfs (memory-backed)"), disk.toString());
    } finally {
      io.virtpath.core.FileTrees.delete(mem);
    }
  }

  @Test
  void theWorkOfADeadRunIsRemovedAndNoOtherRunsWork() throws Exception {
    Path dead = Files.createDirectories(scratch.resolve(".virtpath-run-20261201-101010-aaaa-vm/results"));
    Path alive = Files.createDirectories(scratch.resolve(".virtpath-run-20261201-101011-bbbb-vm/results"));
    Markers m = run("probe-dead", Scripts.probe(scratch.toString(), ID, "0".repeat(64), false,
        List.of("20261201-101010-aaaa")), null);
    assertTrue(m.has("removed"), m.toString());
    assertFalse(Files.exists(dead.getParent()));
    assertTrue(Files.exists(alive));
  }

  @Test
  void aRunIdThatIsNoFileNameIsRefusedBeforeAnythingRuns() {
    assertThrows(IllegalArgumentException.class,
        () -> Scripts.probe(scratch.toString(), ID, "0".repeat(64), false, List.of("x; rm -rf /")));
    assertThrows(IllegalArgumentException.class, () -> Scripts.workDir("/s", "../x", "vm"));
  }

  @Test
  void anUnwritableScratchIsNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Markers m = run("probe", Scripts.probe(file.resolve("sub").toString(), ID, "0".repeat(64), false, List.of()), null);
    assertTrue(m.value("fail").orElse("").startsWith("cannot create the scratch directory"), m.toString());
  }

  @Test
  void theRunsExitStatusAndResultsComeBack() throws Exception {
    install("""
        results=; while [ $# -gt 0 ]; do [ "$1" = --results ] && results=$2; shift; done
        mkdir -p "$results/run-1/t" && echo '{}' > "$results/run-1/t/jmh.json"
        echo "[ 1/1] syscall.getpid"
        exit 3
        """);
    Markers m = run("target", Scripts.run(scratch.toString(), ID, RUN, "t", null, List.of("--profile", "quick")), null);
    assertEquals("3", m.value("exit").orElse(null), m.toString());
    Path tar = dir.resolve("r.tar");
    try (RemoteProcess c = RemoteProcess.start("collect", local.command(Scripts.collect(scratch.toString(), RUN, "t")), logs,
        null, tar)) {
      c.hangUp();
      assertEquals(0, c.waitFor(WAIT));
    }
    Process list = new ProcessBuilder("tar", "-tf", tar.toString()).start();
    String entries = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(entries.contains("./run-1/t/jmh.json"), entries);
    assertFalse(Files.exists(scratch.resolve(".virtpath-run-" + RUN + "-t")), "the work directory is removed after the fetch");
  }

  @Test
  void aHangUpStopsTheRunsWholeProcessGroup() throws Exception {
    Path pids = dir.resolve("pids");
    // the launcher and a child of its own, as JMH's forks are: both must go
    install("sleep 1000 & echo $! > " + pids + "; echo $$ >> " + pids + "; wait\n");
    RemoteProcess p = RemoteProcess.start("target", local.command(Scripts.run(scratch.toString(), ID, RUN, "t", null,
        List.of())), logs, null, null);
    try {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!(Files.exists(pids) && Files.readAllLines(pids).size() == 2) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      List<Long> started = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
      assertTrue(started.stream().allMatch(pid -> ProcessHandle.of(pid).isPresent()));
      p.hangUp();
      int exit = p.waitFor(WAIT);
      Markers m = Markers.read(p.stdoutFile());
      assertEquals("143", m.value("exit").orElse(null), "SIGTERM ended the run: " + m + ", transport exit " + exit);
      for (long pid : started) {
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " was left");
      }
    } finally {
      p.close();
    }
  }

  @Test
  void aScratchWhereNothingExecutesIsNamed() throws Exception {
    install("exit 0\n");
    Path java = scratch.resolve(".virtpath-bundles/" + ID + "/runtime/bin/java");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rw-r--r--")); // as on a noexec mount
    Markers m = run("target", Scripts.run(scratch.toString(), ID, RUN, "t", null, List.of()), null);
    assertTrue(m.value("fail").orElse("").contains("mounted noexec"), m.toString());
  }

  private Markers run(String name, String script, Path stdin) throws Exception {
    try (RemoteProcess p = RemoteProcess.start(name, local.command(script), logs, stdin, null)) {
      if (stdin == null && !name.equals("target")) {
        p.hangUp(); // a run keeps stdin open: its hang-up means "stop"
      }
      p.waitFor(WAIT);
      return Markers.read(p.stdoutFile());
    }
  }

  /** A stand-in bundle tree in the cache, deployed as a run deploys it; its listing hash. */
  private void install(String launcherBody) throws Exception {
    deploy(launcherBody);
  }

  private String deploy(String launcherBody) throws Exception {
    Path tarball = bundle(launcherBody);
    String tree = BundleListing.treeSha256(tarball, ID);
    Markers probe = probe(tree);
    if (!probe.has("cached")) {
      Markers up = run("upload", Scripts.upload(scratch.toString(), ID, sha256(tarball), ID, tree), tarball);
      assertTrue(up.has("deployed"), up + " " + Files.readString(logs.resolve("upload.err")));
    }
    return tree;
  }

  private Markers probe(String tree) throws Exception {
    return run("probe", Scripts.probe(scratch.toString(), ID, tree, false, List.of()), null);
  }

  private Path bundle(String launcherBody) throws Exception {
    Path stage = dir.resolve("stage");
    io.virtpath.core.FileTrees.delete(stage);
    Files.createDirectories(stage);
    tree(stage.resolve(ID), launcherBody);
    Path tarball = dir.resolve(ID + ".tar.gz");
    Process tar = new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", stage.toString(), ID).inheritIO().start();
    assertEquals(0, tar.waitFor());
    return tarball;
  }

  private static void tree(Path root, String launcherBody) throws Exception {
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("runtime/bin"));
    Path launcher = Files.writeString(root.resolve("bin/virtpath"), "#!/bin/sh\n" + launcherBody);
    Path java = Files.writeString(root.resolve("runtime/bin/java"), "#!/bin/sh\nexit 0\n");
    for (Path p : List.of(launcher, java)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static void write(Path p, String text) {
    try {
      Files.writeString(p, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void chmod(Path p, String perms) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String mode(Path p) throws Exception {
    return Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode") & 07777);
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static String sha256(Path f) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }
}
