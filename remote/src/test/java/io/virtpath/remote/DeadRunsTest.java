package io.virtpath.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.Json;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fake run directories as a killed {@code virtpath remote} leaves them. A live controller's record
 * is never sealed; a dead one's is, with the lab's wording, and its targets come back for the
 * caller to clean up in the targets.
 */
class DeadRunsTest {
  /** A pid above any pid_max (at most 2^22): no process ever has it. */
  private static final long NO_SUCH_PID = 999_999_999L;

  @TempDir Path results;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
  private ControllerNote me;

  @BeforeEach
  void self() {
    me = ControllerNote.self();
  }

  @Test
  void aLiveControllersRunIsLeftAlone() throws IOException {
    Path live = run("20260101-000000-aaaa", me, List.of());
    assertEquals(List.of(), DeadRuns.sweep(results, console));
    assertEquals("running", status(live));
    assertTrue(Files.isDirectory(live.resolve(".work")));
    assertTrue(Files.exists(live.resolve(ControllerNote.FILE)));
    assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing to say about a live run");
  }

  @Test
  void aDeadPidsRunIsSealedFailedItsWorkRemovedAndItsTargetsReturned() throws IOException {
    Path dead = run("20260101-000000-dead", withPid(NO_SUCH_PID, me.startTicks()), List.of());
    List<DeadRuns.DeadRun> found = DeadRuns.sweep(results, console);
    assertEquals(List.of(new DeadRuns.DeadRun("20260101-000000-dead", List.of(
        new DeadRuns.TargetRef("host", "local", "/var/tmp/vp"),
        new DeadRuns.TargetRef("vm1", "ssh://root@10.0.0.1", "/srv/vp")))), found);
    Manifest m = manifest(dead);
    assertEquals(RunStatus.FAILED, m.status(), "no target run finished: nothing measured");
    assertTrue(m.reason().startsWith("killed: virtpath remote (pid " + NO_SUCH_PID + " on " + me.host()
        + ") ended without sealing its record after 0 of 2 target runs; pid " + NO_SUCH_PID + " is gone (found by "
        + "virtpath remote, pid " + ProcessHandle.current().pid() + ", at "), m.reason());
    assertFalse(Files.exists(dead.resolve(".work")));
    assertFalse(Files.exists(dead.resolve(ControllerNote.FILE)), "the note goes with the sealing");
    String said = out.toString(StandardCharsets.UTF_8);
    assertTrue(said.startsWith("remote: sealed run 20260101-000000-dead as failed: killed: "), said);
    assertEquals(List.of("remote: removed " + dead.resolve(".work") + " of killed run 20260101-000000-dead"),
        said.lines().skip(1).toList(), "one line per thing done");

    out.reset();
    assertEquals(List.of(), DeadRuns.sweep(results, console), "sealed once, found once");
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aReusedPidWithAnotherStartTimeIsDeadAndWhatWasMeasuredMakesItPartial() throws IOException {
    // this JVM's pid, but the controller started at another moment: the pid was reused
    Path dead = run("20260101-000000-0001", withPid(me.pid(), me.startTicks() + 1),
        List.of(new Manifest.TargetEntry("host", RunStatus.COMPLETE, null, 5, 5, Map.of())));
    assertEquals(1, DeadRuns.sweep(results, console).size());
    Manifest m = manifest(dead);
    assertEquals(RunStatus.PARTIAL, m.status());
    assertTrue(m.reason().contains("after 1 of 2 target runs; pid " + me.pid() + " is another process now"), m.reason());
  }

  @Test
  void anotherBootOfThisMachineIsDeadAnotherMachineOnlyWhenSilentLongEnough() throws IOException {
    ControllerNote rebooted = new ControllerNote(me.pid(), me.startTicks(), me.pidNamespace(), me.host(),
        me.machineId(), "00000000-0000-0000-0000-000000000000", me.since());
    ControllerNote elsewhere = new ControllerNote(me.pid(), me.startTicks(), me.pidNamespace(), "other-host",
        "0123456789abcdef0123456789abcdef", "00000000-0000-0000-0000-000000000001", me.since());
    Path a = run("20260101-000000-000a", rebooted, List.of());
    Path b = run("20260101-000000-000b", elsewhere, List.of());
    List<DeadRuns.DeadRun> found = DeadRuns.sweep(results, console);
    if (me.machineId() != null && me.bootId() != null) {
      assertEquals(List.of("20260101-000000-000a"), found.stream().map(DeadRuns.DeadRun::runId).toList());
      assertTrue(manifest(a).reason().contains("this machine has booted since it started"), manifest(a).reason());
    }
    assertEquals("running", status(b), "a controller on another machine may well be alive");
    String said = out.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("remote: left run 20260101-000000-000b running: it ran on another machine (other-host); "
        + "it was written 0 min ago, and is taken for killed only after 2 h 15 min of silence"), said);

    out.reset();
    age(b, Duration.ofHours(3));
    assertEquals(List.of("20260101-000000-000b"), DeadRuns.sweep(results, console).stream()
        .map(DeadRuns.DeadRun::runId).toList());
    assertTrue(manifest(b).reason().contains("it ran on another machine (other-host), and nothing in its record was "
        + "written for 3 h 0 min, longer than a live run is silent (2 h 15 min)"), manifest(b).reason());
  }

  @Test
  void aRunningRecordWithoutNoteIsSealedOnlyAfterItsTargetTimeoutOfSilence() throws IOException {
    Path old = run("20260101-000000-0dd0", null, List.of());
    assertEquals(List.of(), DeadRuns.sweep(results, console));
    assertEquals("running", status(old), "an older virtpath may be writing it right now");
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("it has no " + ControllerNote.FILE), out.toString());
    age(old, Duration.ofHours(2).plusMinutes(16)); // its target timeout is 2 h
    assertEquals(1, DeadRuns.sweep(results, console).size());
    assertEquals("failed", status(old));
  }

  @Test
  void completeRecordsAndOtherKindsAreUntouched() throws IOException {
    Path complete = run("20260101-000000-c0c0", withPid(NO_SUCH_PID, 1), List.of());
    Json.write(complete.resolve("manifest.json"), manifest(complete).withStatus(RunStatus.COMPLETE, null, "2026-01-01T01:00:00Z"));
    Path lab = run("20260101-000000-1ab0", withPid(NO_SUCH_PID, 1), List.of());
    Manifest labM = manifest(lab);
    Json.write(lab.resolve("manifest.json"), new Manifest(labM.formatVersion(), labM.runId(), "lab", labM.startTime(),
        null, RunStatus.RUNNING, null, labM.virtpath(), labM.profile(), labM.suites(), labM.options(), List.of()));
    assertEquals(List.of(), DeadRuns.sweep(results, console));
    Manifest m = manifest(complete);
    assertEquals(RunStatus.COMPLETE, m.status());
    assertEquals(null, m.reason());
    assertTrue(Files.isDirectory(complete.resolve(".work")), "a sealed record's directory is not swept");
    assertFalse(Files.exists(complete.resolve(ControllerNote.FILE)), "only a dead owner's stale note goes");
    assertEquals("running", status(lab), "the lab seals its own records");
  }

  @Test
  void aMalformedManifestIsReportedNotThrown() throws IOException {
    Path bad = Files.createDirectories(results.resolve("20260101-000000-bad0"));
    Files.writeString(bad.resolve("manifest.json"), "{ not json");
    Path dead = run("20260101-000000-dead", withPid(NO_SUCH_PID, 1), List.of());
    Files.createDirectories(results.resolve("bundles")); // not a run: not even looked at
    List<DeadRuns.DeadRun> found = DeadRuns.sweep(results, console);
    assertEquals(1, found.size(), "the other runs are still swept");
    assertEquals("failed", status(dead));
    String said = out.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("remote: left " + bad + ": its manifest.json cannot be read ("), said);
  }

  @Test
  void targetsThatCouldNotGoIntoACommandAreLeftOut() throws IOException {
    Path dead = run("20260101-000000-dead", withPid(NO_SUCH_PID, 1), List.of());
    Files.writeString(dead.resolve(RemoteJson.FILE), """
        {"targets": [
          {"name": "ok", "uri": "local", "scratch": "/var/tmp/vp"},
          {"name": "x; rm -rf /", "uri": "local", "scratch": "/var/tmp/vp"},
          {"name": "rel", "uri": "local", "scratch": "tmp"},
          {"name": "up", "uri": "local", "scratch": "/var/../etc"},
          {"name": "nl", "uri": "local\\nid", "scratch": "/x"}
        ]}
        """);
    List<DeadRuns.DeadRun> found = DeadRuns.sweep(results, console);
    assertEquals(List.of(new DeadRuns.TargetRef("ok", "local", "/var/tmp/vp")), found.get(0).targets());
    assertEquals(4, out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("is left alone")).count(),
        out.toString());
  }

  @Test
  void runIdsAreCheckedBeforeTheyAreReturned() {
    assertThrows(IllegalArgumentException.class, () -> new DeadRuns.DeadRun("20260101-000000-aaaa;reboot", List.of()));
    assertThrows(IllegalArgumentException.class, () -> new DeadRuns.DeadRun("../x", List.of()));
  }

  @Test
  void claimAndReleaseWriteAndRemoveThisControllersNote() throws IOException {
    Path dir = Files.createDirectories(results.resolve("20260101-000000-beef"));
    DeadRuns.claim(dir);
    ControllerNote n = ControllerNote.read(dir);
    assertEquals(me.pid(), n.pid());
    assertEquals(me.startTicks(), n.startTicks());
    assertEquals(ControllerNote.Judgement.ALIVE, n.verdict(me).judgement());
    DeadRuns.release(dir);
    assertEquals(null, ControllerNote.read(dir));
  }

  private ControllerNote withPid(long pid, long ticks) {
    return new ControllerNote(pid, ticks, me.pidNamespace(), me.host(), me.machineId(), me.bootId(), me.since());
  }

  /** A remote run directory as RemoteRunner leaves it mid-run: note (unless null), manifest, remote.json, .work. */
  private Path run(String id, ControllerNote note, List<Manifest.TargetEntry> done) throws IOException {
    Path dir = Files.createDirectories(results.resolve(id));
    if (note != null) {
      note.write(dir);
    }
    Files.createDirectories(dir.resolve(".work/host/results"));
    Files.writeString(dir.resolve(".work/host/results.tar"), "x");
    Json.write(dir.resolve("manifest.json"), new Manifest(Manifest.FORMAT_VERSION, id, "remote",
        "2026-01-01T00:00:00Z", null, RunStatus.RUNNING, null, new Manifest.VirtpathVersion("t", "t"), "smoke",
        List.of("syscall"), Map.of("rounds", 1, "targets", List.of("host", "vm1"), "targetTimeoutSeconds", 7200),
        done));
    Files.writeString(dir.resolve(RemoteJson.FILE), """
        {"formatVersion": 1, "targets": [
          {"name": "host", "uri": "local", "transport": "local", "kind": "host", "scratch": "/var/tmp/vp"},
          {"name": "vm1", "uri": "ssh://root@10.0.0.1", "transport": "ssh", "kind": "virtio", "scratch": "/srv/vp"}
        ]}
        """);
    return dir;
  }

  /** Makes everything in {@code dir} look last written {@code ago}. */
  private static void age(Path dir, Duration ago) throws IOException {
    FileTime t = FileTime.from(Instant.now().minus(ago));
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        Files.setLastModifiedTime(p, t);
      }
    }
  }

  private static Manifest manifest(Path run) throws IOException {
    return Json.read(run.resolve("manifest.json"), Manifest.class);
  }

  private static String status(Path run) throws IOException {
    return manifest(run).status().json();
  }
}
