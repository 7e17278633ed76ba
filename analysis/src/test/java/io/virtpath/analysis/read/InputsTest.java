package io.virtpath.analysis.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {
  @TempDir Path tmp;

  @Test
  void runRecordWithTwoTargets() {
    Loaded l = Inputs.load(List.of(Fixtures.LAB));
    assertEquals(1, l.runs().size());
    RunData run = l.runs().get(0);
    assertEquals("lab", run.kind());
    assertEquals("20261122-113000-demo", run.id());
    assertEquals(Instant.parse("2026-11-22T11:30:00Z"), run.startTime());
    assertEquals(List.of("host", "c1"), run.targets().stream().map(TargetData::label).toList());
    for (TargetData t : run.targets()) {
      assertEquals(6, t.results().size());
      assertNotNull(t.fingerprint(), "environment.json read");
      assertEquals("kvm", t.virtualizationKind());
    }
    assertTrue(l.skipped().isEmpty());
  }

  @Test
  void targetDirectoryIsDatedByItsRunsManifest() {
    Loaded l = Inputs.load(List.of(Fixtures.LAB.resolve("c1")));
    RunData run = l.runs().get(0);
    assertEquals("20261122-113000-demo", run.id());
    assertEquals(List.of("c1"), run.targets().stream().map(TargetData::label).toList());
    assertNotNull(run.startTime());
  }

  @Test
  void plainJmhFileIsOneTargetNamedAfterTheFile() {
    Loaded l = Inputs.load(List.of(Fixtures.mode("thrpt")));
    RunData run = l.runs().get(0);
    assertEquals("jmh", run.kind());
    assertNull(run.startTime());
    assertEquals("thrpt", run.targets().get(0).label());
    assertNull(run.targets().get(0).fingerprint());
  }

  @Test
  void resultsFolderStandsForItsRunsInRunIdOrder() throws Exception {
    Path results = Files.createDirectories(tmp.resolve("results"));
    Fixtures.copyTree(Fixtures.LAB, results.resolve("20261122-120000-bbbb"));
    Fixtures.copyTree(Fixtures.LAB, results.resolve("20261121-120000-aaaa"));
    Files.createDirectories(results.resolve(".scratch-x"));
    Loaded l = Inputs.load(List.of(results));
    assertEquals(2, l.runs().size());
    assertEquals(results.resolve("20261121-120000-aaaa"), l.runs().get(0).path());
    // same labels in two runs: made unique with the run id
    assertEquals(List.of("20261122-113000-demo/host", "20261122-113000-demo/c1", "20261122-113000-demo/host#2",
        "20261122-113000-demo/c1#2"), l.targets().stream().map(TargetData::label).toList());
  }

  @Test
  void unreadableInputsAreSkippedAndTheOthersUsed() throws Exception {
    byte[] all = Files.readAllBytes(Fixtures.mode("thrpt"));
    Path cut = Files.write(tmp.resolve("cut.json"), Arrays.copyOf(all, 300));
    Path run = Fixtures.copyTree(Fixtures.LAB, tmp.resolve("run"));
    Files.delete(run.resolve("c1/jmh.json"));
    Fixtures.edit(run.resolve("host/environment.json"), "\"virtualization\"", "\"virtualization\" : [ ], \"x\"");
    Loaded l = Inputs.load(List.of(cut, Fixtures.mode("ss"), run));
    assertEquals(2, l.runs().size(), "ss.json and the run");
    assertEquals(List.of("ss", "host", "c1"), l.targets().stream().map(TargetData::label).toList(),
        "c1 has no jmh.json: it stays, without results, so that its benchmarks show as missing");
    assertTrue(l.targets().get(2).results().isEmpty());
    assertEquals(Completeness.State.FAILED, l.targets().get(2).completeness().state());
    assertNull(l.targets().get(1).fingerprint(), "unreadable fingerprint: results used without it");
    List<String> problems = l.skipped().stream().map(Skipped::toString).toList();
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith(cut + ": line "), problems.get(0));
    assertTrue(problems.stream().anyMatch(p -> p.contains("c1/jmh.json: missing")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.contains("environment.json: unreadable")), problems.toString());
  }

  @Test
  void plainFilesWithTheSameNameAreLabelledByTheirDirectory() throws Exception {
    Path a = Files.copy(Fixtures.mode("thrpt"), Files.createDirectories(tmp.resolve("monday")).resolve("jmh.json"));
    Path b = Files.copy(Fixtures.mode("thrpt"), Files.createDirectories(tmp.resolve("tuesday")).resolve("jmh.json"));
    assertEquals(List.of("monday/jmh", "tuesday/jmh"),
        Inputs.load(List.of(a, b)).targets().stream().map(TargetData::label).toList());
  }

  @Test
  void missingPathIsAUsageError() {
    Path nowhere = tmp.resolve("nowhere.json");
    UsageException e = assertThrows(UsageException.class, () -> Inputs.load(List.of(nowhere)));
    assertTrue(e.getMessage().startsWith(nowhere + ": no such file"), e.getMessage());
    UsageException empty = assertThrows(UsageException.class, () -> Inputs.load(List.of(tmp)));
    assertTrue(empty.getMessage().contains("no run record here"), empty.getMessage());
  }
}
