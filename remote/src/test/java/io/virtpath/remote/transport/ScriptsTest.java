package io.virtpath.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    Markers first = run("probe", Scripts.probe(scratch.toString(), ID), null);
    assertTrue(first.has("sh") && first.has("missing"), first.toString());
    assertTrue(first.value("df").isPresent(), first.toString());

    Path tarball = bundle("exit 0");
    Markers up = run("upload", Scripts.upload(scratch.toString(), ID, sha256(tarball), ID), tarball);
    assertTrue(up.has("deployed"), up + " " + Files.readString(logs.resolve("upload.err")));
    assertTrue(Files.isExecutable(scratch.resolve(".virtpath-bundles/" + ID + "/bin/virtpath")));
    assertTrue(run("probe2", Scripts.probe(scratch.toString(), ID), null).has("cached"));
  }

  @Test
  void aDamagedBundleIsRefusedAndLeavesNothing() throws Exception {
    Path tarball = bundle("exit 0");
    String wrong = "0".repeat(64);
    Markers up = run("upload", Scripts.upload(scratch.toString(), ID, wrong, ID), tarball);
    assertTrue(up.value("fail").orElse("").startsWith("the bundle arrived damaged: sha256 " + sha256(tarball)), up.toString());
    try (var s = Files.list(scratch.resolve(".virtpath-bundles"))) {
      assertEquals(List.of(), s.toList(), "no half-installed bundle or upload directory is left");
    }
  }

  @Test
  void anUnwritableScratchIsNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Markers m = run("probe", Scripts.probe(file.resolve("sub").toString(), ID), null);
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
    Markers m = run("target", Scripts.run(scratch.toString(), ID, "t", null, List.of("--profile", "quick")), null);
    assertEquals("3", m.value("exit").orElse(null), m.toString());
    Path tar = dir.resolve("r.tar");
    try (RemoteProcess c = RemoteProcess.start("collect", local.command(Scripts.collect(scratch.toString(), "t")), logs,
        null, tar)) {
      c.hangUp();
      assertEquals(0, c.waitFor(WAIT));
    }
    Process list = new ProcessBuilder("tar", "-tf", tar.toString()).start();
    String entries = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(entries.contains("./run-1/t/jmh.json"), entries);
    assertFalse(Files.exists(scratch.resolve(".virtpath-run-t")), "the work directory is removed after the fetch");
  }

  @Test
  void aHangUpStopsTheRunsWholeProcessGroup() throws Exception {
    Path pids = dir.resolve("pids");
    // the launcher and a child of its own, as JMH's forks are: both must go
    install("sleep 1000 & echo $! > " + pids + "; echo $$ >> " + pids + "; wait\n");
    RemoteProcess p = RemoteProcess.start("target", local.command(Scripts.run(scratch.toString(), ID, "t", null,
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
    Markers m = run("target", Scripts.run(scratch.toString(), ID, "t", null, List.of()), null);
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

  /** A stand-in bundle tree in the cache, as an upload leaves it. */
  private void install(String launcherBody) throws Exception {
    Path b = scratch.resolve(".virtpath-bundles/" + ID);
    tree(b, launcherBody);
    Files.writeString(b.resolve(".complete"), "");
  }

  private Path bundle(String launcherBody) throws Exception {
    Path stage = Files.createDirectories(dir.resolve("stage"));
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

  private static String sha256(Path f) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }
}
