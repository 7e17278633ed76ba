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
  void unreadableRecordsAreSaidInWords() throws Exception {
    Path bogus = Fixtures.copyTree(Fixtures.LAB, tmp.resolve("bogus"));
    Fixtures.edit(bogus.resolve("manifest.json"), "\"status\" : \"complete\",\n  \"reason\"",
        "\"status\" : \"bogus\",\n  \"reason\"");
    Path cut = Fixtures.copyTree(Fixtures.LAB, tmp.resolve("cut"));
    Files.writeString(cut.resolve("manifest.json"), Files.readString(cut.resolve("manifest.json")).substring(0, 200));
    Path env = Fixtures.copyTree(Fixtures.LAB, tmp.resolve("env"));
    Fixtures.edit(env.resolve("host/environment.json"), "\"virtualization\"", "\"virtualization\" : [ ], \"x\"");
    Loaded l = Inputs.load(List.of(bogus, cut, env));
    List<String> problems = l.skipped().stream().map(Skipped::problem).toList();
    assertEquals(3, problems.size(), problems.toString());
    assertEquals("unreadable manifest: line 7, column 14: value \"bogus\" is not accepted at \"status\"; allowed: "
        + "running, complete, partial, failed; the run is skipped", problems.get(0));
    assertTrue(problems.get(1).matches("unreadable manifest: line \\d+, column \\d+: not valid JSON: it ends before.*"),
        problems.get(1));
    assertTrue(problems.get(2).matches("unreadable, so target 'host' is shown without its fingerprint: line \\d+, "
        + "column \\d+: a value of the wrong kind at \"virtualization\" \\(an object expected\\)"), problems.get(2));
    problems.forEach(JmhJsonReaderTest::assertNoJacksonWords);
  }

  @Test
  void noInputAtAllIsAUsageError() {
    UsageException e = assertThrows(UsageException.class, () -> Inputs.load(List.of()));
    assertTrue(e.getMessage().startsWith("no input given"), e.getMessage());
  }

  @Test
  void aMissingPathOrAnEmptyDirectoryIsSkippedAndTheOthersUsed() throws Exception {
    Path nowhere = tmp.resolve("nowhere.json");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Loaded l = Inputs.load(List.of(nowhere, Fixtures.mode("thrpt"), empty));
    assertEquals(List.of("thrpt"), l.targets().stream().map(TargetData::label).toList());
    assertEquals(2, l.skipped().size(), l.skipped().toString());
    assertEquals(nowhere, l.skipped().get(0).path());
    assertTrue(l.skipped().get(0).problem().startsWith("no such file or directory. Give run directories"),
        l.skipped().get(0).problem());
    assertEquals(empty, l.skipped().get(1).path());
    assertTrue(l.skipped().get(1).problem().startsWith("nothing to read here: no manifest.json (a run directory)"),
        l.skipped().get(1).problem());
    // alone, they leave nothing: the commands say so and exit 2 (Analyzer, Comparer, TrendAnalyzer)
    Loaded none = Inputs.load(List.of(nowhere));
    assertTrue(none.runs().isEmpty());
    assertEquals(1, none.skipped().size());
  }

  @Test
  void anEmptyJmhArrayIsNoInputNotARunWithoutTargets() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty.json"), "[ ]\n");
    Loaded l = Inputs.load(List.of(empty));
    assertTrue(l.runs().isEmpty(), "never a run with no targets");
    assertEquals(List.of(new Skipped(empty, Inputs.NO_RESULTS)), l.skipped());
    assertTrue(Inputs.NO_RESULTS.startsWith("no benchmark results"));
    // the same for a target directory named on its own
    Path run = Fixtures.copyTree(Fixtures.LAB, tmp.resolve("run"));
    Files.writeString(run.resolve("c1/jmh.json"), "[]");
    Loaded target = Inputs.load(List.of(run.resolve("c1")));
    assertTrue(target.runs().isEmpty());
    assertEquals(run.resolve("c1/jmh.json"), target.skipped().get(0).path());
    assertTrue(target.skipped().get(0).problem().startsWith("no benchmark results"), target.skipped().toString());
  }

  @Test
  void aDirectoryOfPlainJmhFilesIsOneTargetPerFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("jmh-results"));
    Files.copy(Fixtures.mode("thrpt"), dir.resolve("before.json"));
    Files.copy(Fixtures.mode("thrpt"), dir.resolve("after.json"));
    Files.writeString(dir.resolve("notes.txt"), "not JSON, not read");
    Files.writeString(dir.resolve("broken.json"), "[ {");
    Loaded l = Inputs.load(List.of(dir));
    assertEquals(List.of("after", "before"), l.targets().stream().map(TargetData::label).toList(),
        "each file a target named after it, in name order, as `report after.json before.json` would");
    assertTrue(l.runs().stream().allMatch(r -> RunData.JMH.equals(r.kind())));
    assertEquals(1, l.skipped().size(), l.skipped().toString());
    assertEquals(dir.resolve("broken.json"), l.skipped().get(0).path());
  }
}
