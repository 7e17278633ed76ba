package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * virtpath bundle end to end: built from the packaged jar, unpacked with tar, run with no JDK in
 * reach. The bundle is built once for the class (about 20 s) and a second time to check that the
 * same jar and JDK give the same tarball.
 */
class BundleIT {
  private static final Path LOGS = Path.of("target/it-logs/bundle");
  /** The launcher's stand-in for the system's glibc version, set by the refusal tests. */
  private static final String OVERRIDE = "VIRTPATH_GLIBC_OVERRIDE";

  @TempDir static Path tmp;
  private static Path tarball;
  private static Path unpacked;
  private static String buildOutput;

  @BeforeAll
  static void buildAndUnpack() throws Exception {
    try (VirtpathProcess p = VirtpathProcess.start(LOGS.resolve("build"), "bundle", "--out", tmp.resolve("out").toString())) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(10)), () -> RunSmokeIT.safe(p::stderr));
      buildOutput = p.stdout();
      tarball = Path.of(p.lastLine());
    }
    Path x = Files.createDirectories(tmp.resolve("x"));
    exec(List.of("tar", "-xzf", tarball.toString(), "-C", x.toString()), Map.of(), LOGS.resolve("untar"));
    unpacked = x.resolve(tarball.getFileName().toString().replace(".tar.gz", "")).toRealPath();
  }

  @Test
  void theTarballIsNamedByItsContentDescribedByBundleJsonAndReproducible() throws Exception {
    String name = tarball.getFileName().toString();
    assertTrue(name.matches("virtpath-bundle-[0-9a-f]{12}\\.tar\\.gz"), name);
    assertTrue(buildOutput.matches("(?s)bundle: \\d+\\.\\d MB compressed, \\d+\\.\\d MB unpacked, needs glibc >= 2\\.\\d+, .*"),
        buildOutput);
    try (Stream<Path> left = Files.list(tarball.getParent())) {
      assertEquals(List.of(tarball), left.toList(), "only the tarball is left: no staging or temp file");
    }

    JsonNode b = Records.read(unpacked.resolve("bundle.json"));
    assertEquals(1, b.get("formatVersion").asInt());
    assertTrue(name.contains(b.get("contentSha256").asText().substring(0, 12)), b.toPrettyString());
    assertTrue(b.get("glibc").asText().matches("2\\.\\d+"), b.toPrettyString());
    assertEquals(Runtime.version().toString(), b.get("jdk").get("version").asText());
    assertTrue(b.get("modules").toString().contains("\"java.base\""));
    assertTrue(b.get("sizeBytes").asLong() > Files.size(unpacked.resolve("virtpath.jar")));
    assertTrue(Files.isExecutable(unpacked.resolve("bin/virtpath")));
    assertTrue(Files.isExecutable(unpacked.resolve("runtime/bin/java")));
    assertFalse(Files.exists(unpacked.resolve("runtime/bin/javac")), "a runtime, not a JDK");
    // issue #12's target; the size depends on the JDK linked from, so it is checked here, on the real build
    assertTrue(Files.size(tarball) <= 25_000_000L, "compressed " + Files.size(tarball) + " bytes");
    assertEquals("[\"java.base\",\"java.logging\",\"java.management\",\"jdk.unsupported\"]",
        b.get("modules").toString());
    assertFalse(Files.exists(unpacked.resolve("runtime/lib/libawt.so")), "no java.desktop");
    try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(unpacked.resolve("virtpath.jar").toFile())) {
      assertTrue(jar.getEntry("META-INF/virtpath-bundle.txt") != null, "the bundle's own jar");
      assertTrue(jar.getEntry("io/virtpath/runner/SuiteRunner.class") != null, "with what run needs");
      assertEquals(List.of(), jar.stream().map(java.util.zip.ZipEntry::getName)
          .filter(n -> n.startsWith("io/virtpath/analysis/") || n.startsWith("org/knowm/")).toList());
    }

    try (VirtpathProcess p = VirtpathProcess.start(LOGS.resolve("build-again"), "bundle", "--out", tmp.resolve("again").toString())) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(10)), () -> RunSmokeIT.safe(p::stderr));
      Path second = Path.of(p.lastLine());
      assertEquals(name, second.getFileName().toString(), "same jar + JDK, same name");
      assertArrayEquals(Files.readAllBytes(tarball), Files.readAllBytes(second), "and the same bytes");
    }
  }

  @Test
  void theSuitesRunForkedOnTheBundlesOwnJavaWithNoJdkInReach() throws Exception {
    runsEverySuite("forked", List.of());
  }

  @Test
  void theSuitesRunInTheBundlesOneJvm() throws Exception {
    runsEverySuite("shared-jvm", List.of("--shared-jvm"));
  }

  /**
   * syscall, disk and network (against a peer started from the bundle too), as a target runs them:
   * each suite's benchmarks ran on the bundle's java, whose runtime has no java.desktop or java.sql
   * and whose jar has no analysis (BundleJar).
   */
  private static void runsEverySuite(String name, List<String> extra) throws Exception {
    Path path = pathWithoutJava();
    Path results = tmp.resolve("results-" + name);
    try (BundlePeer peer = BundlePeer.start(path, LOGS.resolve(name + "-peer"))) {
      List<String> cmd = new ArrayList<>(List.of(unpacked.resolve("bin/virtpath").toString(), "run",
          "--profile", "smoke", "--suites", "syscall,disk,network", "--benchmarks", "headline",
          "--peer", peer.address(), "--results", results.toString()));
      cmd.addAll(extra);
      Result r = exec(cmd, Map.of("PATH", path.toString()), LOGS.resolve(name));
      assertEquals(0, r.exit(), r.err());
      List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
      Path runDir = Path.of(lines.get(lines.size() - 1));
      JsonNode manifest = Records.read(runDir.resolve("manifest.json"));
      assertEquals("complete", manifest.get("status").asText(), manifest.toPrettyString());
      assertEquals(!extra.isEmpty(), manifest.get("options").get("jmh").get("sharedJvm").asBoolean(), manifest.toPrettyString());

      List<Path> jmhFiles;
      try (Stream<Path> s = Files.walk(runDir)) {
        jmhFiles = s.filter(f -> f.getFileName().toString().equals("jmh.json")).toList();
      }
      assertEquals(1, jmhFiles.size(), jmhFiles.toString());
      JsonNode jmh = Records.read(jmhFiles.get(0));
      Files.writeString(LOGS.resolve(name + "/jvms.txt"), // the evidence, kept for a reader of the build
          "bundle: " + unpacked + "\n" + jmh.findValuesAsText("jvm").stream().distinct().toList() + "\n");
      for (String suite : List.of("syscall", "disk", "network")) {
        assertFalse(Records.methods(jmh, suite).isEmpty(), suite + " benchmarks ran");
      }
      for (JsonNode bench : jmh) {
        // "jvm" is the java JMH started the fork with (or ran in): it must be the bundle's, not a JDK's
        String jvm = bench.get("jvm").asText();
        assertTrue(Path.of(jvm).toRealPath().startsWith(unpacked), bench.get("benchmark").asText() + " ran on " + jvm);
        assertTrue(bench.get("primaryMetric").get("score").asDouble() > 0, bench.toString());
      }
    }
  }

  @Test
  void fingerprintAndHelpWorkOnTheBundle() throws Exception {
    Map<String, String> env = Map.of("PATH", pathWithoutJava().toString());
    Result fp = exec(List.of(unpacked.resolve("bin/virtpath").toString(), "fingerprint"), env, LOGS.resolve("fingerprint"));
    assertEquals(0, fp.exit(), fp.err());
    assertTrue(fp.out().contains("virtualization") && fp.out().contains("kernel"), fp.out());

    Result help = exec(List.of(unpacked.resolve("bin/virtpath").toString(), "--help"), env, LOGS.resolve("help"));
    assertEquals(0, help.exit(), help.err());
    assertTrue(help.out().contains("  run ") && help.out().contains("  peer ") && help.out().contains("  report "),
        help.out());
  }

  @Test
  void theControllersCommandsSayTheyAreNotInTheBundle() throws Exception {
    Map<String, String> env = Map.of("PATH", pathWithoutJava().toString());
    for (String command : List.of("report", "compare", "trend", "lab", "bundle", "remote", "validate")) {
      // with the arguments a user would give: none of them may reach the missing classes
      Result r = exec(List.of(unpacked.resolve("bin/virtpath").toString(), command, "--help"), env,
          LOGS.resolve("not-in-bundle-" + command));
      assertEquals(2, r.exit(), command + ": " + r.err());
      assertTrue(r.err().startsWith("virtpath: " + command + " is not in the bundle: run it where virtpath.jar and a JDK are"),
          r.err());
      assertFalse(r.err().contains("Exception") || r.err().contains("Error"), r.err());
      assertEquals("", r.out());
    }
  }

  @Test
  void anOlderGlibcIsRefusedBeforeAnythingRuns() throws Exception {
    Path results = tmp.resolve("refused");
    Result r = exec(List.of(unpacked.resolve("bin/virtpath").toString(), "run", "--results", results.toString()),
        Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", OVERRIDE, "2.1"), LOGS.resolve("old-glibc"));
    assertEquals(2, r.exit(), r.err());
    String need = Records.read(unpacked.resolve("bundle.json")).get("glibc").asText();
    assertTrue(r.err().startsWith("virtpath: this bundle needs glibc >= " + need + ", this system has 2.1 ("), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertEquals("", r.out());
    assertFalse(Files.exists(results), "nothing ran, nothing was written");
  }

  @Test
  void aSystemWithoutGlibcIsRefusedWithItsOwnMessage() throws Exception {
    Result r = exec(List.of(unpacked.resolve("bin/virtpath").toString(), "--version"),
        Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", OVERRIDE, "none"), LOGS.resolve("no-glibc"));
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("this system's C library is not glibc"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aBadOutIsRefusedWithExit2BeforeJlinkRuns() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    for (Path out : List.of(file, file.resolve("below"))) {
      try (VirtpathProcess p = VirtpathProcess.start(LOGS.resolve("bad-out"), "bundle", "--out", out.toString())) {
        assertEquals(2, p.waitFor(Duration.ofMinutes(2)), () -> RunSmokeIT.safe(p::stderr));
        String err = p.stderr();
        assertTrue(err.startsWith("virtpath: --out " + out + " ") && err.contains("give a directory"), err);
        assertFalse(err.contains("Exception:") || err.contains("\tat "), err);
      }
    }
    assertEquals("x", Files.readString(file), "the file given as --out is untouched");
  }

  @Test
  void aStoppedBuildLeavesNothingHalfBuilt() throws Exception {
    Path out = tmp.resolve("stopped");
    try (VirtpathProcess p = VirtpathProcess.start(LOGS.resolve("stopped"), "bundle", "--out", out.toString())) {
      awaitStage(p, out);
      p.terminate(); // SIGTERM while the stage exists (jlink, copying or packing: wherever it is)
      p.waitFor(Duration.ofMinutes(2));
    }
    try (Stream<Path> left = Files.list(out)) {
      List<String> names = left.map(f -> f.getFileName().toString()).toList();
      // a build that finished before the signal leaves its whole tarball; nothing else may be left
      assertTrue(names.stream().allMatch(n -> n.matches("virtpath-bundle-[0-9a-f]{12}\\.tar\\.gz")), names.toString());
    }
  }

  /** Waits until the build has made its staging directory (a limit for a hung build, not a window). */
  private static void awaitStage(VirtpathProcess p, Path out) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(out)) {
        try (Stream<Path> s = Files.list(out)) {
          if (s.anyMatch(f -> f.getFileName().toString().startsWith(".bundle-stage-"))) {
            return;
          }
        }
      }
      assertTrue(p.process().isAlive(), () -> "bundle ended before staging: " + RunSmokeIT.safe(p::stderr));
      Thread.sleep(50);
    }
    throw new AssertionError("no staging directory in " + out + " within 2 minutes");
  }

  /**
   * A PATH with every command of this system but the JDKs' (java, javac, keytool ...): on a machine
   * with /usr/bin/java, a PATH of /usr/bin alone would not show that the bundle needs no JDK.
   */
  private static Path pathWithoutJava() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("path"));
    for (String d : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
      if (!Files.isDirectory(Path.of(d))) {
        continue;
      }
      try (Stream<Path> s = Files.list(Path.of(d))) {
        for (Path cmd : s.toList()) {
          Path link = dir.resolve(cmd.getFileName().toString());
          Path real;
          try {
            real = cmd.toRealPath();
          } catch (IOException dangling) {
            continue;
          }
          if (!Files.exists(link) && !real.toString().contains("/jvm/") && Files.isRegularFile(real)) {
            Files.createSymbolicLink(link, real);
          }
        }
      }
    }
    assertFalse(Files.exists(dir.resolve("java")), "no java on the run's PATH");
    assertTrue(Files.exists(dir.resolve("sh")) && Files.exists(dir.resolve("getconf")), "but a shell and getconf");
    return dir;
  }

  record Result(int exit, String out, String err) {}

  /** {@code bin/virtpath peer} of the bundle on a free loopback port; close() stops it (SIGTERM, then SIGKILL). */
  private record BundlePeer(Process process, String address) implements AutoCloseable {
    static BundlePeer start(Path path, Path logs) throws Exception {
      Files.createDirectories(logs);
      Path out = logs.resolve("stdout.txt");
      ProcessBuilder pb = new ProcessBuilder(unpacked.resolve("bin/virtpath").toString(), "peer", "--listen", "127.0.0.1:0")
          .redirectOutput(out.toFile())
          .redirectError(logs.resolve("stderr.txt").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().clear();
      pb.environment().put("PATH", path.toString());
      Process p = pb.start();
      try {
        java.util.regex.Pattern listening = java.util.regex.Pattern.compile("listening on (\\S+:\\d+)");
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos(); // a limit for a hung start, not a window
        while (System.nanoTime() < deadline) {
          java.util.regex.Matcher m = listening.matcher(Files.readString(out));
          if (m.find()) {
            return new BundlePeer(p, m.group(1));
          }
          assertTrue(p.isAlive(), () -> "the bundle's peer exited: " + RunSmokeIT.safe(() -> Files.readString(logs.resolve("stderr.txt"))));
          Thread.sleep(100);
        }
        throw new AssertionError("the bundle's peer did not report its address within a minute; logs: " + logs);
      } catch (Throwable t) {
        p.destroyForcibly();
        throw t;
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Runs {@code cmd} with exactly {@code env} (as env -i does); output kept in {@code logs}. */
  private static Result exec(List<String> cmd, Map<String, String> env, Path logs) throws Exception {
    Files.createDirectories(logs);
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd))
        .redirectOutput(logs.resolve("stdout.txt").toFile())
        .redirectError(logs.resolve("stderr.txt").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(env);
    Files.writeString(logs.resolve("command.txt"), env + " " + String.join(" ", cmd) + "\n");
    Process p = pb.start();
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        throw new AssertionError("still running after 10 minutes: " + cmd + "; logs: " + logs);
      }
    } finally {
      p.destroyForcibly();
    }
    return new Result(p.exitValue(), Files.readString(logs.resolve("stdout.txt")), Files.readString(logs.resolve("stderr.txt")));
  }
}
