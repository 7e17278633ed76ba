package io.virtpath.cli.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.cli.it.VirtpathProcess;
import io.virtpath.core.Json;
import io.virtpath.core.MachineLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target runs only what virtpath sent. Another user of the target (uid 65534, "nobody") plants a
 * "cached bundle" whose java and launcher would record who ran them: through the {@code local}
 * transport and through the real sshd, virtpath never executes it — a scratch directory of another
 * user is refused with its reason, and a tampered cache inside the user's own scratch directory is
 * removed and sent again, after which the real bundle runs. And two runs against one target at
 * once each keep their own work directory: both end complete with complete records, each saying
 * on its console that it waits for the machine.
 */
@Tag("privileged")
class RemoteTrustIT {
  private static final Duration RUN_LIMIT = Duration.ofMinutes(15);
  private static final int NOBODY = 65534;
  private static String bundleId;

  @TempDir Path dir;

  /** The id of the bundle this build sends: content-addressed, so a fresh build names it. */
  @BeforeAll
  static void bundleId(@TempDir Path out) throws Exception {
    try (VirtpathProcess b = VirtpathProcess.start(Path.of("target/it-logs/remote-trust/bundle").toAbsolutePath(),
        "bundle", "--out", out.toString())) {
      assertEquals(0, b.waitFor(Duration.ofMinutes(5)), b.stderr());
    }
    try (Stream<Path> s = Files.list(out)) {
      bundleId = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tar.gz")).findFirst().orElseThrow()
          .replaceFirst("\\.tar\\.gz$", "");
    }
  }

  @Test
  void aBundlePlantedByAnotherUserIsNeverExecutedLocally() throws Exception {
    Path logs = Path.of("target/it-logs/remote-trust/local").toAbsolutePath();
    Path varTmp = sticky(dir.resolve("vartmp"));
    Path scratch = varTmp.resolve("virtpath");
    Path marker = dir.resolve("executed");
    plant(scratch, marker);
    chown(scratch, NOBODY); // as if nobody had made it all in the world-writable directory

    JsonNode target = failedTarget(runLocal(logs.resolve("foreign"), scratch, null));
    assertTrue(target.get("reason").asText().startsWith("the scratch directory " + scratch
        + " is owned by uid 65534, not by you (uid 0)"), target.toPrettyString());
    assertFalse(Files.exists(marker), "the planted bundle ran: " + read(marker));

    // The user's own scratch directory with a planted cache in it (left from when it was open to
    // others, or put there by a tool of theirs): removed, the real bundle sent and run.
    chown(scratch, 0);
    Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx------"));
    try (VirtpathProcess p = runLocal(logs.resolve("own"), scratch, null)) {
      assertEquals(0, p.waitFor(RUN_LIMIT), p.stdout() + p.stderr());
      assertTrue(p.stdout().contains("the cached bundle there did not match"), p.stdout());
      JsonNode remote = Json.mapper().readTree(Path.of(p.lastLine()).resolve("remote.json").toFile());
      assertTrue(remote.get("runs").get("g").get("deployedBytes").asLong() > 1_000_000, "sent again");
    }
    assertFalse(Files.exists(marker), "the planted bundle ran: " + read(marker));
  }

  @Test
  void aBundlePlantedByAnotherUserIsNeverExecutedThroughSsh() throws Exception {
    Path logs = Path.of("target/it-logs/remote-trust/ssh").toAbsolutePath();
    Path varTmp = sticky(dir.resolve("vartmp"));
    Path scratch = varTmp.resolve("virtpath");
    Path marker = dir.resolve("executed");
    plant(scratch, marker);
    chown(scratch, NOBODY);
    try (RemoteNet net = RemoteNet.create(logs.resolve("net")); SshServer sshd = SshServer.start(net, logs.resolve("sshd"));
        VirtpathProcess p = VirtpathProcess.startIn(net.controller(), sshd.env(), logs.resolve("remote"), "remote",
            "--target", "vm=" + sshd.uri(), "--scratch", scratch.toString(), "--suites", "syscall", "--profile",
            "smoke", "--rounds", "1", "--results", dir.resolve("results").toString(), "--bundles",
            RemoteIT.BUNDLES.toString())) {
      JsonNode target = failedTarget(p);
      assertTrue(target.get("reason").asText().startsWith("the scratch directory " + scratch
          + " is owned by uid 65534"), target.toPrettyString());
      assertEquals(List.of(), sshd.awaitSessionsGone(Duration.ofSeconds(60)));
    }
    assertFalse(Files.exists(marker), "the planted bundle ran through ssh: " + read(marker));
  }

  @Test
  void twoRunsAgainstOneTargetAtOnceBothEndComplete() throws Exception {
    Path logs = Path.of("target/it-logs/remote-trust/two").toAbsolutePath();
    Path scratch = dir.resolve("scratch");
    List<String> records = new ArrayList<>();
    // The test holds the machine, so both runs are under way at once whatever this machine's speed:
    // each deploys, starts its target run and waits there for the lock — the moment the old
    // shared work directory was removed under the other's feet.
    MachineLock held = MachineLock.acquire("RemoteTrustIT", MachineLock.Policy.WAIT, System.out);
    try (VirtpathProcess first = runLocal(logs.resolve("first"), scratch, "first");
        VirtpathProcess second = runLocal(logs.resolve("second"), scratch, "second")) {
      try {
        for (VirtpathProcess p : List.of(first, second)) {
          p.awaitOutput("^  g  waiting for the machine: held by pid " + ProcessHandle.current().pid(), RUN_LIMIT);
        }
      } finally {
        held.close();
      }
      assertEquals(0, first.waitFor(RUN_LIMIT), first.stdout() + first.stderr());
      assertEquals(0, second.waitFor(RUN_LIMIT), second.stdout() + second.stderr());
      records.add(first.lastLine());
      records.add(second.lastLine());
    }
    for (String r : records) {
      Path run = Path.of(r);
      JsonNode m = Json.mapper().readTree(run.resolve("manifest.json").toFile());
      assertEquals("complete", m.get("status").asText(), m.toPrettyString());
      JsonNode t = m.get("targets").get(0);
      assertEquals(t.get("benchmarksPlanned").asInt(), t.get("benchmarksDone").asInt(), t.toPrettyString());
      for (String f : List.of("environment.json", "jmh.log", "jmh.json")) {
        assertTrue(Files.size(run.resolve("g").resolve(f)) > 0, r + " lost g/" + f);
      }
    }
    try (Stream<Path> s = Files.list(scratch)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".virtpath-run-")).toList(),
          "both runs removed their work directories");
    }
  }

  /** The planted cache: what the issue's reproduction made, every entry recording who ran it. */
  private static void plant(Path scratch, Path marker) throws Exception {
    Path b = scratch.resolve(".virtpath-bundles").resolve(bundleId);
    String evil = "#!/bin/sh\nid >> " + marker + "\nexit 0\n";
    for (String f : List.of("bin/virtpath", "runtime/bin/java")) {
      Path p = b.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, evil);
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.writeString(b.resolve(".complete"), "");
    Files.writeString(b.resolve("bundle.json"), "{}");
  }

  private VirtpathProcess runLocal(Path logs, Path scratch, String results) throws Exception {
    return VirtpathProcess.start(logs, "remote", "--target", "g=local", "--scratch", scratch.toString(), "--suites",
        "syscall", "--profile", "smoke", "--rounds", "1", "--results",
        dir.resolve(results == null ? "results" : "results-" + results).toString(), "--bundles",
        RemoteIT.BUNDLES.toString());
  }

  /** Waits for the run, which must fail, and returns its one target's manifest entry. */
  private static JsonNode failedTarget(VirtpathProcess p) throws Exception {
    try (p) {
      assertEquals(1, p.waitFor(RUN_LIMIT), p.stdout() + p.stderr());
      JsonNode m = Json.mapper().readTree(Path.of(p.lastLine()).resolve("manifest.json").toFile());
      assertEquals("failed", m.get("status").asText(), m.toPrettyString());
      return m.get("targets").get(0);
    }
  }

  /** A world-writable directory with the sticky bit, as /var/tmp is. */
  private static Path sticky(Path d) throws Exception {
    Files.createDirectories(d);
    Process chmod = new ProcessBuilder("chmod", "1777", d.toString()).inheritIO().start();
    assertEquals(0, chmod.waitFor());
    return d;
  }

  private static void chown(Path tree, int uid) throws Exception {
    Process p = new ProcessBuilder("chown", "-R", uid + ":" + uid, tree.toString()).inheritIO().start();
    assertEquals(0, p.waitFor());
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (Exception e) {
      return "(unreadable: " + e + ")";
    }
  }
}
