package io.virtpath.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.Json;
import io.virtpath.core.record.Fingerprint;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest {
  @TempDir Path dir;

  private RunRecord create(int planned) throws Exception {
    Manifest m = new Manifest(Manifest.FORMAT_VERSION, "20260101-000000-abcd", "run", "2026-01-01T00:00:00Z",
        null, RunStatus.RUNNING, null, new Manifest.VirtpathVersion("t", "c"), "smoke", List.of("syscall"),
        Map.of(), List.of());
    Fingerprint fp = new Fingerprint(Fingerprint.FORMAT_VERSION, "2026-01-01T00:00:00Z", null, null, null, null, null, List.of());
    return RunRecord.create(dir.resolve("run"), "host", planned, m, fp);
  }

  @Test
  void aNewRecordSaysRunningAndHasItsFingerprint() throws Exception {
    RunRecord r = create(3);
    Manifest m = Json.read(dir.resolve("run/manifest.json"), Manifest.class);
    assertEquals(RunStatus.RUNNING, m.status());
    assertNull(m.endTime());
    assertEquals(3, m.targets().get(0).benchmarksPlanned());
    assertTrue(Files.exists(r.targetDir().resolve("environment.json")));
  }

  @Test
  void onlyFailuresMeanFailed() throws Exception {
    RunRecord r = create(2);
    r.failed("a.B.c", "IOException: EIO");
    r.failed("a.B.d", "IllegalStateException: peer gone");
    assertEquals(RunStatus.FAILED, r.finish(null));
    Manifest m = Json.read(dir.resolve("run/manifest.json"), Manifest.class);
    assertEquals(RunStatus.FAILED, m.status());
    assertNotNull(m.endTime());
    assertTrue(m.reason().contains("EIO"), m.reason());
    assertEquals(Map.of("a.B.c", "IOException: EIO", "a.B.d", "IllegalStateException: peer gone"),
        m.targets().get(0).failedBenchmarks());
  }

  @Test
  void finishIsFinalAndLaterWritesAreIgnored() throws Exception {
    RunRecord r = create(2);
    assertEquals(RunStatus.FAILED, r.finish("interrupted by a signal"));
    assertEquals(RunStatus.FAILED, r.finish(null), "a second finish changes nothing");
    r.failed("a.B.c", "late");
    Manifest m = Json.read(dir.resolve("run/manifest.json"), Manifest.class);
    assertEquals("interrupted by a signal", m.reason());
    assertTrue(m.targets().get(0).failedBenchmarks().isEmpty());
    assertTrue(r.finished());
  }

  @Test
  void aBrokenRunIsSealedFailedWithTheReasonAndNotAgain() throws Exception {
    RunRecord r = create(3);
    r.failed("a.B.c", "IOException: EIO");
    assertEquals(RunStatus.FAILED, r.abort("java.nio.file.DirectoryNotEmptyException: jmh.json").orElseThrow());
    Manifest m = Json.read(dir.resolve("run/manifest.json"), Manifest.class);
    assertEquals(RunStatus.FAILED, m.status());
    assertEquals("java.nio.file.DirectoryNotEmptyException: jmh.json after 0 of 3 benchmarks", m.reason());
    assertNotNull(m.endTime());
    assertTrue(r.finishIfRunning("interrupted by a signal").isEmpty(), "sealed once: a signal after it changes nothing");
    assertTrue(r.abort("again").isEmpty());
    assertEquals(false, r.failed("a.B.d", "late"), "writes after the seal are refused, so nobody prints them as recorded");
  }
}
