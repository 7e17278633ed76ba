package io.virtpath.remote.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.Json;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record a target sent: JSON that does not parse or is no manifest, and a name the controller's
 * record has already, refused, named and removed; the rest kept.
 */
class FetchedRecordTest {
  @TempDir Path tmp;
  private Path staging;
  private Path record;

  @BeforeEach
  void dirs() throws Exception {
    staging = Files.createDirectories(tmp.resolve("work/t/results"));
    record = Files.createDirectories(tmp.resolve("run/t/logs")).getParent();
    Files.writeString(record.resolve("logs/collect.err"), "the controller's");
  }

  @Test
  void aWellFormedRecordPasses() throws Exception {
    Path run = Files.createDirectories(staging.resolve("run-1/t"));
    Json.write(run.getParent().resolve("manifest.json"), manifest());
    Files.writeString(run.resolve("jmh.json"), "[{\"benchmark\": \"x\"}]");
    assertEquals(List.of(), FetchedRecord.check(staging, "t", record, "exec:evil"));
    assertTrue(Files.exists(run.resolve("jmh.json")));
  }

  @Test
  void brokenJsonIsNamedWithItsLineAndRemovedTheRestKept() throws Exception {
    Path run = Files.createDirectories(staging.resolve("run-1/t"));
    Json.write(run.getParent().resolve("manifest.json"), manifest());
    Files.writeString(run.resolve("jmh.json"), "[\n  {\"benchmark\": \"x\",\n  }\n");
    Files.writeString(run.resolve("metrics.json"), "{}");
    List<String> problems = FetchedRecord.check(staging, "t", record, "exec:evil");
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("the record from exec:evil: run-1/t/jmh.json is not valid JSON (line 3: "
        + "Unexpected character ('}'"), problems.get(0));
    assertTrue(problems.get(0).endsWith("), refused"), problems.get(0));
    assertFalse(Files.exists(run.resolve("jmh.json")), "nothing reads it later");
    assertTrue(Files.exists(run.resolve("metrics.json")) && Files.exists(run.getParent().resolve("manifest.json")));
  }

  @Test
  void aManifestTheCollectorCouldNotUseIsRefused() throws Exception {
    Path run = Files.createDirectories(staging.resolve("run-1"));
    Files.writeString(run.resolve("manifest.json"), "");
    assertEquals(List.of("the record from exec:evil: run-1/manifest.json is empty, not JSON, refused"),
        FetchedRecord.check(staging, "t", record, "exec:evil"));
    Files.writeString(run.resolve("manifest.json"), "{\"status\": \"complete\"}");
    assertEquals(List.of("the record from exec:evil: run-1/manifest.json is not a run manifest (no status or no "
        + "targets), refused"), FetchedRecord.check(staging, "t", record, "exec:evil"));
    Files.writeString(run.resolve("manifest.json"), "{\"status\": \"owned\", \"targets\": []}");
    List<String> p = FetchedRecord.check(staging, "t", record, "exec:evil");
    assertTrue(p.get(0).startsWith("the record from exec:evil: run-1/manifest.json is not a run manifest (Cannot "
        + "deserialize value of type"), p.toString());
    assertFalse(Files.exists(run.resolve("manifest.json")));
    // deeper down the name is only a file name: JSON is all it has to be
    Files.createDirectories(run.resolve("t"));
    Files.writeString(run.resolve("t/manifest.json"), "{}");
    assertEquals(List.of(), FetchedRecord.check(staging, "t", record, "exec:evil"));
  }

  @Test
  void aNameTheControllersRecordHasAlreadyIsRefused() throws Exception {
    Path mine = Files.createDirectories(staging.resolve("run-1/t/logs"));
    Files.writeString(mine.resolve("collect.err"), "forged");
    Files.writeString(mine.getParent().resolve("jmh.json"), "[]");
    Files.createDirectories(staging.resolve("run-1/other/logs")); // another label's: not moved, not refused
    assertEquals(List.of("the record from exec:evil: run-1/t/logs: a name this target's record on the controller "
        + "holds already, refused"), FetchedRecord.check(staging, "t", record, "exec:evil"));
    assertFalse(Files.exists(mine));
    assertTrue(Files.exists(staging.resolve("run-1/t/jmh.json")) && Files.exists(staging.resolve("run-1/other/logs")));
    assertEquals("the controller's", Files.readString(record.resolve("logs/collect.err")));
  }

  private static Manifest manifest() {
    return new Manifest(Manifest.FORMAT_VERSION, "20261207-000000-abcd", "run", "2026-12-07T00:00:00Z",
        "2026-12-07T00:01:00Z", RunStatus.COMPLETE, null, new Manifest.VirtpathVersion("0.1.0", "abc"), "smoke",
        List.of("syscall"), Map.of(), List.of(new Manifest.TargetEntry("t", RunStatus.COMPLETE, null, 1, 1, Map.of())));
  }
}
