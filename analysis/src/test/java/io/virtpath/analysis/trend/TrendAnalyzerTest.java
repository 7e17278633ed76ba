package io.virtpath.analysis.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Inputs;
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
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      files.add(Fixtures.trend(i));
    }
    return files;
  }

  private static TrendAnalyzer analyzer() {
    return new TrendAnalyzer(0.01, 199, 0.95);
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

  @Test
  void badFiltersAreUsageErrors() {
    var loaded = Inputs.load(trendFiles());
    UsageException target = assertThrows(UsageException.class, () -> analyzer().analyze(loaded, null, "vm"));
    assertTrue(target.getMessage().contains("targets: jmh"), target.getMessage());
    assertThrows(UsageException.class, () -> analyzer().analyze(loaded, Pattern.compile("nothing-like-this"), null));
    assertThrows(UsageException.class, () -> analyzer().analyze(Inputs.load(List.of(Fixtures.trend(1))), null, null));
  }
}
