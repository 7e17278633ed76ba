package io.virtpath.cli.it;

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
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code virtpath remote}'s failure cases with real parts on this machine: a target without a
 * shell, an ssh target nobody listens for, a scratch directory that is noexec or full, the
 * target's run killed, and Ctrl-C. Each failing target ends with its reason in the record, the
 * others go on, the run is partial, and nothing it started is left running.
 */
class RemoteFailuresIT {
  /** One bundle for all the remote tests of a build: building it takes about 20 s. */
  static final Path BUNDLES = Path.of("target/it-bundles").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void aTargetWithoutShellAndAnUnreachableOneFailAloneAndTheRunIsPartial() throws Exception {
    Path scratch = dir.resolve("scratch");
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/remote-failures"), "remote",
        "--target", "good=local", "--target", "nosh=exec:env PATH=/nonexistent",
        "--target", "refused=ssh://root@127.0.0.1:1", "--scratch", scratch.toString(),
        "--suites", "syscall", "--profile", "smoke", "--rounds", "1", "--seed", "7",
        "--results", dir.resolve("results").toString(), "--bundles", BUNDLES.toString())) {
      assertEquals(1, p.waitFor(Duration.ofMinutes(10)), p.stdout() + p.stderr());
      Path run = Path.of(p.lastLine());
      JsonNode m = Records.read(run.resolve("manifest.json"));
      assertEquals("remote", m.get("kind").asText());
      assertEquals("partial", m.get("status").asText(), m.toPrettyString());
      assertEquals("complete", entry(m, "good").get("status").asText(), m.toPrettyString());
      String nosh = entry(m, "nosh").get("reason").asText();
      assertTrue(nosh.contains("has no /bin/sh"), nosh);
      String refused = entry(m, "refused").get("reason").asText();
      assertTrue(refused.startsWith("ssh://root@127.0.0.1:1 is unreachable") && refused.contains("Connection refused"),
          refused);
      JsonNode remote = Records.read(run.resolve("remote.json"));
      assertEquals(refused.replaceFirst("; 0 of 0 benchmarks done$", ""),
          remote.get("runs").get("refused").get("failure").asText());
      assertTrue(p.stdout().contains("[round 1/1] nosh: failed"), p.stdout());
      assertTrue(Files.exists(run.resolve("good/jmh.json")));
      assertNothingLeft(scratch);
    }
  }

  @Test
  void badInputIsRefusedBeforeAnythingStartsOrIsWritten() throws Exception {
    Path bad = Files.writeString(dir.resolve("t.yaml"), "targets:\n  - {name: vm1, uri: \"ssh://root:pw@h\"}\n");
    StringBuilder many = new StringBuilder("targets:\n");
    for (int i = 0; i < 65; i++) {
      many.append("  - {name: t").append(i).append(", uri: local}\n");
    }
    Path tooMany = Files.writeString(dir.resolve("many.yaml"), many);
    Path sixtyFour = Files.writeString(dir.resolve("sixty-four.yaml"),
        many.toString().replace("  - {name: t64, uri: local}\n", ""));
    Path results = dir.resolve("results");
    String[][] cases = {
        {"many.yaml: targets: the list has 65 entries, more than the 64 targets one virtpath remote takes", "--targets",
            tooMany.toString(), "--suites", "syscall"},
        {"--rounds 11 with 64 targets is 704 target runs", "--targets", sixtyFour.toString(),
            "--suites", "syscall", "--rounds", "11"},
        {"t.yaml: targets[0].uri: 'ssh://root:***@h' holds a password", "--targets", bad.toString()},
        {"no targets: pass --targets FILE or --target NAME=URI", "--suites", "syscall"},
        {"--target 'vm1' is not NAME=URI", "--target", "vm1"},
        {"virtpath: --target a: the network suite needs the address at which this target reaches a peer", "--target",
            "a=local"},
        {"--scratch 'tmp' must be an absolute directory", "--target", "a=local", "--scratch", "tmp", "--suites", "disk"},
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("remote", "--results", results.toString(), "--bundles",
          BUNDLES.toString()));
      args.addAll(List.of(c).subList(1, c.length));
      try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/remote-bad-input"),
          args.toArray(String[]::new))) {
        assertEquals(2, p.waitFor(Duration.ofMinutes(2)), p.stderr());
        assertTrue(p.stderr().contains(c[0]), c[0] + " in:\n" + p.stderr());
        assertFalse(p.stderr().contains("Exception"), p.stderr());
      }
      assertFalse(Files.exists(results), "nothing is written for bad input");
    }
  }

  @Test
  @Tag("privileged")
  void aNoexecScratchIsNamed() throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("noexec"));
    try (Mount m = Mount.tmpfs(scratch, "size=512m,noexec,mode=700")) {
      Run r = remote("remote-noexec", scratch, "syscall", "smoke");
      assertEquals(1, r.exit, r.out);
      String why = entry(r.manifest, "t").get("reason").asText();
      assertTrue(why.contains("mounted noexec"), why);
      assertEquals("failed", r.manifest.get("status").asText());
      assertNothingLeft(scratch);
    }
  }

  @Test
  @Tag("privileged")
  void aFullScratchDiskIsNamed() throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("full"));
    try (Mount m = Mount.tmpfs(scratch, "size=24m,mode=700")) {
      Run r = remote("remote-full", scratch, "syscall", "smoke");
      assertEquals(1, r.exit, r.out);
      String why = entry(r.manifest, "t").get("reason").asText();
      // the copy of the tarball or tar's unpacking fills it, depending on the filesystem's overhead:
      // either way the target says why in words, tar's own when it is tar
      assertTrue(why.contains("disk full?") || why.contains("tar said: ") && why.contains("No space left on device"), why);
      try (var s = Files.list(scratch.resolve(".virtpath-bundles"))) {
        assertEquals(List.of(), s.toList(), "a failed upload leaves nothing behind");
      }
      assertNothingLeft(scratch);
    }
  }

  @Test
  void aKilledRunIsNamedAndWhatItMeasuredIsKept() throws Exception {
    Path scratch = dir.resolve("scratch");
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/remote-killed"), "remote",
        "--target", "t=local", "--scratch", scratch.toString(), "--suites", "syscall", "--profile", "quick",
        "--rounds", "1", "--results", dir.resolve("results").toString(), "--bundles", BUNDLES.toString())) {
      p.awaitOutput("^  t  \\s*avgt ", Duration.ofMinutes(5)); // one benchmark done
      ProcessHandle run = bundleRun(scratch).orElseThrow(() -> new AssertionError("no run found in " + scratch));
      run.destroyForcibly();
      assertEquals(1, p.waitFor(Duration.ofMinutes(3)), p.stdout());
      JsonNode m = Records.read(Path.of(p.lastLine()).resolve("manifest.json"));
      assertEquals("partial", m.get("status").asText(), m.toPrettyString());
      String why = entry(m, "t").get("reason").asText();
      assertTrue(why.startsWith("virtpath run in the target was killed by signal 9 (SIGKILL"), why);
      assertTrue(entry(m, "t").get("benchmarksDone").asInt() >= 1, m.toPrettyString());
      assertNothingLeft(scratch);
    }
  }

  @Test
  void ctrlCStopsTheTargetsProcessGroupAndKeepsWhatWasMeasured() throws Exception {
    Path scratch = dir.resolve("scratch");
    try (VirtpathProcess p = VirtpathProcess.startInOwnGroup(Path.of("target/it-logs/remote-ctrl-c"), "remote",
        "--target", "t=local", "--scratch", scratch.toString(), "--suites", "syscall", "--profile", "quick",
        "--rounds", "2", "--results", dir.resolve("results").toString(), "--bundles", BUNDLES.toString())) {
      p.awaitOutput("^  t  \\s*avgt ", Duration.ofMinutes(5));
      p.interruptGroup();
      assertEquals(130, p.waitFor(Duration.ofMinutes(3)), p.stdout()); // 128 + SIGINT, as a shell reports it
      assertTrue(p.stdout().contains("status: partial (interrupted by a signal after 1 of 2 target runs)"), p.stdout());
      JsonNode m = Records.read(Path.of(p.lastLine()).resolve("manifest.json"));
      String why = entry(m, "t").get("reason").asText();
      assertTrue(why.startsWith("stopped when virtpath remote was interrupted"), why);
      assertTrue(entry(m, "t").get("benchmarksDone").asInt() >= 1, m.toPrettyString());
      assertNothingLeft(scratch);
    }
  }

  private record Run(int exit, String out, JsonNode manifest) {}

  private Run remote(String logs, Path scratch, String suites, String profile) throws Exception {
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/" + logs), "remote", "--target", "t=local",
        "--scratch", scratch.toString(), "--suites", suites, "--profile", profile, "--rounds", "1",
        "--results", dir.resolve("results").toString(), "--bundles", BUNDLES.toString())) {
      int exit = p.waitFor(Duration.ofMinutes(10));
      return new Run(exit, p.stdout() + p.stderr(), Records.read(Path.of(p.lastLine()).resolve("manifest.json")));
    }
  }

  static JsonNode entry(JsonNode manifest, String label) {
    for (JsonNode t : manifest.get("targets")) {
      if (t.get("label").asText().equals(label)) {
        return t;
      }
    }
    throw new AssertionError("no target " + label + " in " + manifest.toPrettyString());
  }

  /** The bundle's java running {@code virtpath run} from {@code scratch} (not the script that started it). */
  static Optional<ProcessHandle> bundleRun(Path scratch) {
    return ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("")
        .startsWith(scratch + "/.virtpath-bundles/")).filter(h -> h.info().commandLine().orElse("").contains(" run "))
        .findFirst();
  }

  /** No process works in {@code scratch} any more, and no run's work directory is left there. */
  static void assertNothingLeft(Path scratch) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> left = new ArrayList<>();
    do {
      left = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
          .map(h -> h.pid() + " " + h.info().commandLine().orElse("")).filter(c -> c.contains(scratch.toString()))
          .toList();
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(200); // a process given SIGKILL is gone within moments; this only waits for the reaper
    } while (System.nanoTime() < deadline);
    assertEquals(List.of(), left, "processes left running in " + scratch);
    if (Files.isDirectory(scratch)) {
      try (var s = Files.list(scratch)) {
        assertFalse(s.anyMatch(f -> f.getFileName().toString().startsWith(".virtpath-run-")),
            "a run's work directory was left in " + scratch);
      }
    }
  }

  /** A tmpfs the test mounts and always unmounts. */
  record Mount(Path at) implements AutoCloseable {
    static Mount tmpfs(Path at, String options) throws IOException, InterruptedException {
      Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString()).inheritIO().start();
      assertEquals(0, p.waitFor(), "mount tmpfs at " + at);
      return new Mount(at);
    }

    @Override
    public void close() throws IOException, InterruptedException {
      new ProcessBuilder("umount", "-l", at.toString()).inheritIO().start().waitFor();
    }
  }
}
