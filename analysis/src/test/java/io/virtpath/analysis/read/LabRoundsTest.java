package io.virtpath.analysis.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.virtpath.analysis.Fixtures;
import io.virtpath.core.Json;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab --rounds 3} records {@code host/}, {@code host.r2/}, {@code host.r3/} (LabRunner): one
 * target whose forks come from three rounds, not three targets.
 */
class LabRoundsTest {
  private static final String HASH16 = "io.virtpath.analysis.demo.DemoBench.hash [thrpt] {size=16}";
  private static final String LOOKUP16 = "io.virtpath.analysis.demo.DemoBench.lookup [sample] {size=16}";

  @TempDir Path tmp;

  /** The lab-demo fixture (host, c1; 3 forks per benchmark) run for {@code rounds} rounds. */
  private Path lab(int rounds, int recordedRounds) throws Exception {
    Path run = Fixtures.copyTree(Fixtures.LAB, tmp.resolve("run"));
    Manifest m = Json.read(run.resolve("manifest.json"), Manifest.class);
    List<Manifest.TargetEntry> entries = new ArrayList<>();
    for (int round = 1; round <= recordedRounds; round++) {
      for (Manifest.TargetEntry e : m.targets()) {
        String label = round == 1 ? e.label() : e.label() + ".r" + round;
        if (round > 1) {
          Fixtures.copyTree(run.resolve(e.label()), run.resolve(label));
        }
        entries.add(new Manifest.TargetEntry(label, e.status(), e.reason(), e.benchmarksPlanned(), e.benchmarksDone(),
            e.failedBenchmarks()));
      }
    }
    Json.write(run.resolve("manifest.json"), new Manifest(m.formatVersion(), m.runId(), m.kind(), m.startTime(),
        m.endTime(), m.status(), m.reason(), m.virtpath(), m.profile(), m.suites(), Map.of("rounds", rounds), entries));
    return run;
  }

  private static void setEntry(Path run, String label, RunStatus status, String reason, int done,
      Map<String, String> failed) throws Exception {
    Manifest m = Json.read(run.resolve("manifest.json"), Manifest.class);
    List<Manifest.TargetEntry> entries = new ArrayList<>();
    for (Manifest.TargetEntry e : m.targets()) {
      entries.add(e.label().equals(label)
          ? new Manifest.TargetEntry(label, status, reason, e.benchmarksPlanned(), done, failed) : e);
    }
    Json.write(run.resolve("manifest.json"), m.withTargets(entries));
  }

  private static BenchmarkResult result(TargetData t, String key) {
    return t.results().stream().filter(r -> r.key().toString().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void roundsOfATargetAreOneTargetWhoseForksKnowTheirRound() throws Exception {
    Path run = lab(3, 3);
    Loaded l = Inputs.load(List.of(run));
    assertTrue(l.skipped().isEmpty(), l.skipped().toString());
    assertEquals(List.of("host", "c1"), l.targets().stream().map(TargetData::label).toList());
    TargetData c1 = l.targets().get(1);
    List<BenchmarkResult> one = JmhJsonReader.read(run.resolve("c1/jmh.json"));
    assertEquals(one.size(), c1.results().size());
    Metric hash = result(c1, HASH16).primary();
    assertEquals(9, hash.forks());
    assertEquals(9, result(c1, HASH16).forks());
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2}, hash.rounds());
    double[][] single = one.stream().filter(r -> r.key().toString().equals(HASH16)).findFirst().orElseThrow()
        .primary().raw();
    for (int f = 0; f < 9; f++) {
      assertArrayEquals(single[f % 3], hash.raw()[f]);
    }
    // SampleTime: histograms of all rounds, and the secondary metrics' forks with their rounds
    Metric lookup = result(c1, LOOKUP16).primary();
    assertEquals(9, lookup.histograms().length);
    Metric oneLookup = JmhJsonReader.read(run.resolve("c1/jmh.json")).stream()
        .filter(r -> r.key().toString().equals(LOOKUP16)).findFirst().orElseThrow().primary();
    assertEquals(3 * oneLookup.mergedHistogram().count(), lookup.mergedHistogram().count());
    result(c1, LOOKUP16).secondary().values()
        .forEach(s -> assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2}, s.rounds(), s.name()));
    assertEquals(Completeness.State.COMPLETE, c1.completeness().state());
    assertEquals(run.resolve("c1/jmh.json"), c1.source());
    assertTrue(l.notes().isEmpty(), l.notes().toString());
  }

  @Test
  void aRoundWithAFailedBenchmarkStillCountsForTheOthersAndMarksTheTarget() throws Exception {
    Path run = lab(3, 3);
    ArrayNode entries = (ArrayNode) Json.mapper().readTree(run.resolve("c1.r2/jmh.json").toFile());
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).path("benchmark").asText().endsWith(".lookup")) {
        entries.remove(i);
      }
    }
    Files.writeString(run.resolve("c1.r2/jmh.json"), entries.toString());
    setEntry(run, "c1.r2", RunStatus.PARTIAL, "1 benchmark failed", 4, Map.of(Fixtures.LOOKUP, "OutOfMemoryError"));
    Files.delete(run.resolve("host.r3/jmh.json"));
    setEntry(run, "host.r3", RunStatus.FAILED, "guest did not boot", 0, Map.of());

    Loaded l = Inputs.load(List.of(run));
    TargetData host = l.targets().get(0);
    TargetData c1 = l.targets().get(1);
    assertArrayEquals(new int[] {0, 0, 0, 2, 2, 2}, result(c1, LOOKUP16).primary().rounds(),
        "round 2 has no lookup result; rounds 1 and 3 still count");
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2}, result(c1, HASH16).primary().rounds());
    assertEquals(Completeness.State.PARTIAL, c1.completeness().state());
    assertTrue(c1.completeness().reason().contains("round 2 (c1.r2): partial: 1 benchmark failed"),
        c1.completeness().reason());
    assertEquals("round 2: OutOfMemoryError", c1.completeness().failure(Fixtures.LOOKUP));
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, result(host, HASH16).primary().rounds());
    assertEquals(Completeness.State.FAILED, host.completeness().state(), "the worst of its rounds");
    assertTrue(host.completeness().describe().contains("round 3 (host.r3): failed: guest did not boot"),
        host.completeness().describe());
  }

  @Test
  void fingerprintIsTheFirstRoundsAndADifferentOneIsANote() throws Exception {
    Path run = lab(2, 2);
    Fixtures.edit(run.resolve("c1.r2/environment.json"), "\"clocksource\" : \"", "\"clocksource\" : \"hpet-");
    Loaded l = Inputs.load(List.of(run));
    TargetData c1 = l.targets().get(1);
    assertEquals(Json.read(run.resolve("c1/environment.json"), io.virtpath.core.record.Fingerprint.class),
        c1.fingerprint());
    assertEquals(1, l.notes().size(), l.notes().toString());
    assertTrue(l.notes().get(0).startsWith("target c1: round 2 (c1.r2) ran in another environment than round 1 "
        + "(host.clocksource differ)"), l.notes().get(0));
  }

  @Test
  void aPlannedRoundThatLeftNoRecordMakesTheTargetPartial() throws Exception {
    Loaded l = Inputs.load(List.of(lab(3, 2)));
    TargetData host = l.targets().get(0);
    assertEquals(6, result(host, HASH16).primary().forks());
    assertEquals(Completeness.State.PARTIAL, host.completeness().state());
    assertEquals("round 3 left no record (the run stopped before it?)", host.completeness().reason());
  }

  @Test
  void aSingleRoundIsReadAsBeforeAndOnlyALabHasRounds() throws Exception {
    Loaded one = Inputs.load(List.of(Fixtures.LAB));
    Metric hash = result(one.targets().get(1), HASH16).primary();
    assertArrayEquals(new int[] {0, 0, 0}, hash.rounds());
    // a `run` may be labelled "x.r2" (--label allows dots): that is a label, not a round
    Path run = lab(2, 2);
    Fixtures.edit(run.resolve("manifest.json"), "\"kind\" : \"lab\"", "\"kind\" : \"run\"");
    assertEquals(List.of("host", "c1", "host.r2", "c1.r2"),
        Inputs.load(List.of(run)).targets().stream().map(TargetData::label).toList());
  }

  @Test
  void metricRoundsDefaultToZerosAndMustMatchTheForks() {
    Metric m = new Metric("primary", ScoreUnit.parse("ns/op"), 1, 0, new double[][] {{1}, {2}}, null);
    assertArrayEquals(new int[] {0, 0}, m.rounds());
    assertArrayEquals(new int[] {0, 0}, m.inUnit(ScoreUnit.parse("us/op")).rounds());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new Metric("primary", ScoreUnit.parse("ns/op"), 1, 0, new double[][] {{1}}, null, new int[] {0, 1}));
    assertNull(m.histograms());
  }

  @Test
  void targetsComeInTheSpecsOrderNotTheFirstRoundsShuffle() throws Exception {
    Path run = lab(2, 2);
    Manifest m = Json.read(run.resolve("manifest.json"), Manifest.class);
    List<String> recorded = m.targets().stream().map(Manifest.TargetEntry::label).toList();
    // round 1 ran c1 first; the spec lists host first
    List<Manifest.TargetEntry> shuffled = new ArrayList<>(m.targets());
    java.util.Collections.reverse(shuffled);
    Json.write(run.resolve("manifest.json"), m.withTargets(shuffled)
        .withOption("targets", List.of("host", "c1")));
    assertEquals(List.of("c1.r2", "host.r2", "c1", "host"),
        Json.read(run.resolve("manifest.json"), Manifest.class).targets().stream().map(Manifest.TargetEntry::label).toList(),
        "the fixture as recorded: " + recorded);
    assertEquals(List.of("host", "c1"), Inputs.load(List.of(run)).runs().get(0).targets().stream()
        .map(TargetData::label).toList());
  }
}
