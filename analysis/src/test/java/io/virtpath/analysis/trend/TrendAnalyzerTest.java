package io.virtpath.analysis.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.core.Json;
import io.virtpath.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendAnalyzerTest {
  @TempDir Path tmp;

  private static List<Path> trendFiles() {
    return trendFiles(12);
  }

  /** The first {@code n} real runs: 1-6 with the JIT, 7-12 interpreted (-Xint), one fork of 5 iterations each. */
  private static List<Path> trendFiles(int n) {
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      files.add(Fixtures.trend(i));
    }
    return files;
  }

  private static TrendAnalyzer analyzer() {
    return new TrendAnalyzer(TrendAnalyzer.DEFAULT_ALPHA, TrendAnalyzer.DEFAULT_THRESHOLD, 0.95);
  }

  /**
   * The user's case: nine runs, the last three interpreted (sum 30x slower, hash 22x lower
   * throughput), at the default settings. The permutation test could not reach p = 0.01 with three
   * runs after the change and printed "no change point" for both.
   */
  @Test
  void aChangeWithThreeRunsAfterItIsFoundInEverySeries() throws Exception {
    TrendResult t = analyzer().analyze(Inputs.load(trendFiles(9)), null, null);
    assertEquals(2, t.series().size());
    for (TrendResult.Series s : t.series()) {
      assertEquals(1, s.changePoints().size(), s.benchmark() + ": " + s.changePoints());
      TrendResult.Change c = s.changePoints().get(0);
      assertEquals(7, c.run(), s.benchmark());
      assertEquals("run-07.json", c.runId());
      assertEquals("slower", c.verdict(), s.benchmark() + " (" + s.direction() + ")");
      assertEquals(4, c.candidates(), "splits at runs 4-7 have 3 runs a side");
      assertTrue(c.pAdjusted() <= 0.05 && c.pAdjusted() == Math.min(1, 4 * c.pValue()), c.toString());
      assertEquals("iterations", s.replicate(), "one fork per run: its iterations, flagged");
      assertTrue(s.notes().get(0).startsWith("runs with one fork are tested on its iterations"), s.notes().toString());
      assertEquals(List.of(8, 9), s.untestedRuns());
    }
    TrendResult.Series sum = t.series().stream().filter(s -> s.benchmark().endsWith("sum")).findFirst().orElseThrow();
    assertTrue(sum.changePoints().get(0).relativeChange() > 20, "about 30x: " + sum.changePoints());
    String text = TrendOutput.text(t, null);
    assertTrue(text.contains("DemoBench.sum [avgt] size=256 @ jmh (ns/op, lower-is-better): 9 runs (replicates: "
        + "iterations), 1 change point (> 5 %, alpha 0.05)\n  at run #7 (run-07.json): "), text);
    assertTrue(text.contains("  the last 2 runs cannot be tested yet: need >= 3 runs after a change (#8, #9)"), text);
  }

  /**
   * Eight runs, the change at run 7 with only two runs after it: nothing can be found there yet,
   * and the output says so per series instead of a bare "no change point".
   */
  @Test
  void runsThatCannotBeTestedYetAreNamed() throws Exception {
    TrendResult t = analyzer().analyze(Inputs.load(trendFiles(8)), null, null);
    for (TrendResult.Series s : t.series()) {
      assertTrue(s.changePoints().isEmpty(), s.changePoints().toString());
      assertEquals(List.of(7, 8), s.untestedRuns());
      assertEquals("the last 2 runs cannot be tested yet: need >= 3 runs after a change", s.untested());
    }
    String text = TrendOutput.text(t, null);
    assertTrue(text.contains("@ jmh (ns/op, lower-is-better): 8 runs (replicates: iterations), no change point "
        + "starting at runs #4-#6 (> 5 %, alpha 0.05)\n  the last 2 runs cannot be tested yet: need >= 3 runs after a "
        + "change (#7, #8)"), text);
    assertFalse(text.contains("no change point\n"), text);
    JsonNode json = Json.mapper().readTree(Json.toString(t)).get("series").get(0);
    assertEquals("[7,8]", json.get("untested_runs").toString());
    assertEquals("the last 2 runs cannot be tested yet: need >= 3 runs after a change", json.get("untested").asText());
  }

  /** A 30x change on a linear axis leaves the old level as a line at zero: the chart is log scale. */
  @Test
  void theChartOfALargeChangeHasALogAxisAndMarksIt() throws Exception {
    TrendResult t = analyzer().analyze(Inputs.load(trendFiles(9)), Pattern.compile("sum"), null);
    TrendResult.Series s = t.series().get(0);
    var chart = TrendOutput.chart("sum", s, BenchmarkKey.of(s.benchmark(), s.mode(), s.params()), t.runs());
    assertTrue(chart.title().endsWith("(log scale)"), chart.title());
    assertTrue(chart.legend().contains("change point (first run of the new level)"), chart.legend().toString());
    TrendResult before = analyzer().analyze(Inputs.load(trendFiles(6)), Pattern.compile("sum"), null);
    TrendResult.Series flat = before.series().get(0);
    var linear = TrendOutput.chart("flat", flat, BenchmarkKey.of(flat.benchmark(), flat.mode(), flat.params()),
        before.runs());
    assertFalse(linear.title().contains("log scale"), linear.title());
  }

  @Test
  void theRealChangeIsFoundAtRunSeven() throws Exception {
    TrendResult t = analyzer().analyze(Inputs.load(trendFiles()), Pattern.compile("sum"), null);
    assertEquals("as given", t.order());
    assertEquals(1, t.series().size());
    TrendResult.Series s = t.series().get(0);
    assertEquals("jmh", s.target());
    assertEquals(12, s.points().size());
    assertEquals(1, s.changePoints().size(), s.changePoints().toString());
    TrendResult.Change c = s.changePoints().get(0);
    assertEquals(7, c.run(), "runs 7-12 were interpreted");
    assertEquals("run-07.json", c.runId());
    assertEquals("slower", c.verdict());
    assertTrue(c.relativeChange() > 5, "interpreted: many times slower: " + c.relativeChange());
    assertTrue(c.pValue() <= 0.01);

    Path out = Files.createDirectories(tmp.resolve("out/charts"));
    List<String> charts = TrendOutput.write(t, tmp.resolve("out"));
    assertEquals(1, charts.size());
    assertTrue(Files.size(out.resolve(charts.get(0) + ".png")) > 1000);
    assertTrue(Files.exists(tmp.resolve("out/trend.json")));
    String text = TrendOutput.text(t, tmp.resolve("out"));
    assertTrue(text.contains("at run #7 (run-07.json)"), text);
  }

  @Test
  void runRecordsAreOrderedByStartTimeNotByArgumentOrder() throws Exception {
    Path older = Fixtures.copyTree(Fixtures.LAB, tmp.resolve("b-older"));
    Path newer = Fixtures.copyTree(Fixtures.LAB, tmp.resolve("a-newer"));
    Fixtures.edit(newer.resolve("manifest.json"), "\"runId\" : \"20261122-113000-demo\"", "\"runId\" : \"newer\"");
    Fixtures.edit(newer.resolve("manifest.json"), "\"startTime\" : \"2026-11-22T11:30:00Z\"",
        "\"startTime\" : \"2026-11-23T09:00:00Z\"");
    TrendResult t = analyzer().analyze(Inputs.load(List.of(newer, older)), null, "c1");
    assertEquals("start time", t.order());
    assertEquals(List.of("20261122-113000-demo", "newer"), t.runs().stream().map(TrendResult.Run::id).toList());
    assertTrue(t.series().stream().allMatch(s -> s.target().equals("c1")));
    assertEquals(6, t.series().size());
  }

  /**
   * Real repeated JMH runs (jmh/real, the published JMH samples on the shared machine): six with the
   * JIT, then three with -Xint, so the change is at run 7 with three runs after it.
   */
  static List<Path> realHistory(String forks) {
    Path real = Fixtures.JMH.resolve("real");
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      files.add(real.resolve(forks + "/run-" + i + ".json"));
    }
    for (int i = 1; i <= 3; i++) {
      files.add(real.resolve("xint-" + forks + "/run-" + i + ".json"));
    }
    return files;
  }

  /**
   * The real history with three forks a run: the two benchmarks -Xint slows 15-40x are found at run 7;
   * the sleep-bound one has no change. HashMap.get (6x slower, its JIT runs spread 4.6x on the
   * loaded machine) is found too at the default alpha 0.05 (adjusted p 0.0225); at 0.01 it would not
   * be, and the series would say so in a note instead of a bare "no change point".
   */
  @Test
  void realRunsWithThreeForksThenInterpreted() throws Exception {
    TrendResult t = analyzer().analyze(Inputs.load(realHistory("three-forks")), null, null);
    assertEquals(4, t.series().size());
    for (TrendResult.Series s : t.series()) {
      assertEquals("forks", s.replicate(), s.benchmark());
      assertEquals(List.of(8, 9), s.untestedRuns(), s.benchmark());
      List<Integer> at = s.changePoints().stream().map(TrendResult.Change::run).toList();
      if (s.benchmark().endsWith("measureSamples")) {
        assertEquals(List.of(), at, "the sleep-bound benchmark does not change: " + s.benchmark());
      } else {
        // all three -Xint slowdowns (43x, 16x and the 6x of HashMap.get, adjusted p 0.0225) at alpha 0.05
        assertEquals(List.of(7), at, s.benchmark());
        assertEquals("slower", s.changePoints().get(0).verdict(), s.benchmark());
        assertTrue(s.changePoints().get(0).pAdjusted() <= 0.05, s.changePoints().toString());
      }
    }
  }

  /** The same with one fork a run: iterations are the replicates, flagged; the same two changes are found. */
  @Test
  void realRunsWithOneForkThenInterpreted() throws Exception {
    TrendResult t = analyzer().analyze(Inputs.load(realHistory("one-fork")), null, null);
    List<String> found = new ArrayList<>();
    for (TrendResult.Series s : t.series()) {
      assertEquals("iterations", s.replicate(), s.benchmark());
      s.changePoints().forEach(c -> found.add(s.benchmark().substring(s.benchmark().lastIndexOf('.') + 1) + "@"
          + c.run()));
    }
    assertEquals(List.of("wellHelloThere@7", "measureRight@7"), found);
  }

  /** A lab record with two rounds (targets host and host.r2) is one run of host whose replicates are the rounds. */
  @Test
  void labRoundsAreOneRunsReplicates() throws Exception {
    List<Path> runs = new ArrayList<>();
    for (String id : List.of("a", "b")) {
      Path lab = Fixtures.copyTree(Fixtures.LAB, tmp.resolve(id));
      Fixtures.copyTree(lab.resolve("host"), lab.resolve("host.r2"));
      Fixtures.edit(lab.resolve("manifest.json"), "\"targets\" : [ {", "\"targets\" : [ {\n    \"label\" : \"host.r2\",\n"
          + "    \"status\" : \"complete\",\n    \"reason\" : null,\n    \"benchmarksPlanned\" : 6,\n"
          + "    \"benchmarksDone\" : 6,\n    \"failedBenchmarks\" : { }\n  }, {");
      Fixtures.edit(lab.resolve("manifest.json"), "\"runId\" : \"20261122-113000-demo\"", "\"runId\" : \"" + id + "\"");
      runs.add(lab);
    }
    TrendResult t = analyzer().analyze(Inputs.load(runs), Pattern.compile("sum"), null);
    assertEquals(List.of("c1", "host"), t.series().stream().map(TrendResult.Series::target).distinct().toList(),
        "no series of its own for host.r2");
    TrendResult.Series host = t.series().stream().filter(s -> s.target().equals("host")).findFirst().orElseThrow();
    assertEquals("rounds", host.replicate());
    assertEquals(2, host.points().get(0).n(), "two rounds");
    TrendResult.Series c1 = t.series().stream().filter(s -> s.target().equals("c1")).findFirst().orElseThrow();
    assertEquals("forks", c1.replicate(), "three forks, one round");
  }

  @Test
  void badFiltersAreUsageErrors() {
    var loaded = Inputs.load(trendFiles());
    UsageException target = assertThrows(UsageException.class, () -> analyzer().analyze(loaded, null, "vm"));
    assertTrue(target.getMessage().contains("targets: jmh"), target.getMessage());
    assertThrows(UsageException.class, () -> analyzer().analyze(loaded, Pattern.compile("nothing-like-this"), null));
    assertThrows(UsageException.class, () -> analyzer().analyze(Inputs.load(List.of(Fixtures.trend(1))), null, null));
  }

  /** Series follow the benchmark keys' order, in which params sort as numbers (2 before 16). */
  @Test
  void seriesSortParamsAsNumbers() throws Exception {
    List<Path> runs = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      String json = Files.readString(Fixtures.mode("avgt-forks-params"));
      Path f = tmp.resolve("p" + i + ".json");
      Files.writeString(f, json.replace("\"size\" : \"256\"", "\"size\" : \"2\""));
      runs.add(f);
    }
    TrendResult t = analyzer().analyze(Inputs.load(runs), null, null);
    List<String> sizes = t.series().stream().map(s -> s.params().get("size")).toList();
    assertEquals(List.of("2", "16"), sizes, "not text order (16 before 2)");
  }
}
