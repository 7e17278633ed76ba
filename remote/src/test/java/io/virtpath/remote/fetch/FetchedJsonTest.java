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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON a target sent: refused, named and removed when it does not parse or is no manifest; kept when it does. */
class FetchedJsonTest {
  @TempDir Path staging;

  @Test
  void aWellFormedRecordPasses() throws Exception {
    Path run = Files.createDirectories(staging.resolve("run-1/t"));
    Json.write(run.getParent().resolve("manifest.json"), manifest());
    Files.writeString(run.resolve("jmh.json"), "[{\"benchmark\": \"x\"}]");
    assertEquals(List.of(), FetchedJson.check(staging, "exec:evil"));
    assertTrue(Files.exists(run.resolve("jmh.json")));
  }

  @Test
  void brokenJsonIsNamedWithItsLineAndRemovedTheRestKept() throws Exception {
    Path run = Files.createDirectories(staging.resolve("run-1/t"));
    Json.write(run.getParent().resolve("manifest.json"), manifest());
    Files.writeString(run.resolve("jmh.json"), "[\n  {\"benchmark\": \"x\",\n  }\n");
    Files.writeString(run.resolve("metrics.json"), "{}");
    List<String> problems = FetchedJson.check(staging, "exec:evil");
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
        FetchedJson.check(staging, "exec:evil"));
    Files.writeString(run.resolve("manifest.json"), "{\"status\": \"complete\"}");
    assertEquals(List.of("the record from exec:evil: run-1/manifest.json is not a run manifest (no status or no "
        + "targets), refused"), FetchedJson.check(staging, "exec:evil"));
    Files.writeString(run.resolve("manifest.json"), "{\"status\": \"owned\", \"targets\": []}");
    List<String> p = FetchedJson.check(staging, "exec:evil");
    assertTrue(p.get(0).startsWith("the record from exec:evil: run-1/manifest.json is not a run manifest (Cannot "
        + "deserialize value of type"), p.toString());
    assertFalse(Files.exists(run.resolve("manifest.json")));
    // deeper down the name is only a file name: JSON is all it has to be
    Files.createDirectories(run.resolve("t"));
    Files.writeString(run.resolve("t/manifest.json"), "{}");
    assertEquals(List.of(), FetchedJson.check(staging, "exec:evil"));
  }

  private static Manifest manifest() {
    return new Manifest(Manifest.FORMAT_VERSION, "20261207-000000-abcd", "run", "2026-12-07T00:00:00Z",
        "2026-12-07T00:01:00Z", RunStatus.COMPLETE, null, new Manifest.VirtpathVersion("0.1.0", "abc"), "smoke",
        List.of("syscall"), Map.of(), List.of(new Manifest.TargetEntry("t", RunStatus.COMPLETE, null, 1, 1, Map.of())));
  }
}
