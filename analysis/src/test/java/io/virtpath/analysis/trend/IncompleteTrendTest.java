package io.virtpath.analysis.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history of a complete lab (11:30), a killed run (12:00) and a partial lab (12:30): the
 * incomplete runs are marked, and a benchmark a run lacks is a gap that says why.
 */
class IncompleteTrendTest {
  @TempDir Path tmp;

  private static TrendResult history() {
    return new TrendAnalyzer(0.01, 0.05, 0.95).analyze(
        Inputs.load(List.of(Fixtures.PARTIAL_LAB, Fixtures.KILLED_RUN, Fixtures.LAB)), Pattern.compile("lookup"), null);
  }

  private static TrendResult.Series series(TrendResult t, String target, String size) {
    return t.series().stream().filter(s -> s.target().equals(target) && s.params().get("size").equals(size))
        .findFirst().orElseThrow();
  }

  @Test
  void incompleteRunsAreMarkedAndMissingBenchmarksAreGaps() throws Exception {
    TrendResult t = history();
    assertEquals(List.of("20261122-113000-demo", "20261122-120000-kill", "20261122-123000-part"),
        t.runs().stream().map(TrendResult.Run::id).toList());
    assertEquals(List.of("complete", "killed", "partial"), t.runs().stream().map(TrendResult.Run::status).toList());
    assertTrue(t.runs().get(0).incomplete().isEmpty());
    assertTrue(t.runs().get(1).incomplete().get(0).startsWith("killed while running"), t.runs().get(1).toString());
    assertTrue(t.runs().get(2).incomplete().contains("target c1: " + Fixtures.LOOKUP
        + " failed: IllegalStateException: injected failure (fixture)"), t.runs().get(2).incomplete().toString());

    TrendResult.Series host = series(t, "host", "16");
    assertEquals(List.of(1, 2, 3), host.points().stream().map(TrendResult.Point::run).toList());
    TrendResult.Point gap = host.points().get(1);
    assertNull(gap.value());
    assertEquals("not run", gap.missing());
    assertTrue(gap.missingReason().startsWith("target killed while running"), gap.missingReason());

    TrendResult.Series c1 = series(t, "c1", "16");
    assertEquals(List.of(1, 3), c1.points().stream().map(TrendResult.Point::run).toList(),
        "the killed run has no c1 at all: no gap there, since it never meant to run it");
    assertEquals("failed", c1.points().get(1).missing());
    assertEquals("IllegalStateException: injected failure (fixture)", c1.points().get(1).missingReason());
    assertTrue(t.series().stream().noneMatch(s -> s.target().equals("vm")), "vm has no result in any run");

    JsonNode json = Json.mapper().readTree(Json.toString(t));
    assertEquals("killed", json.get("runs").get(1).get("status").asText());
    assertTrue(json.get("runs").get(1).get("incomplete").isArray());
    JsonNode first = json.get("series").get(0);
    assertEquals("c1", first.get("target").asText());
    assertEquals("failed", first.get("points").get(1).get("missing").asText());
    assertTrue(first.get("points").get(0).get("missing").isNull());

    String text = TrendOutput.text(t, null);
    assertTrue(text.contains("20261122-120000-kill  2026-11-22T12:00:00Z  INCOMPLETE (killed)"), text);
    assertTrue(text.contains("20261122-123000-part  2026-11-22T12:30:00Z  INCOMPLETE (partial)"), text);
    assertTrue(text.contains("DemoBench.lookup [sample] size=16 @ host (ns/op, lower-is-better): 2 runs (replicates: forks), missing in "
        + "#2 (not run: target killed while running"), text);
    assertTrue(text.contains("DemoBench.lookup [sample] size=16 @ c1 (ns/op, lower-is-better): 1 run (replicates: forks), missing in "
        + "#3 (failed: IllegalStateException: injected failure (fixture))"), text);
    assertFalse(text.contains("20261122-113000-demo  2026-11-22T11:30:00Z  INCOMPLETE"), text);
    assertTrue(text.contains("2 of 3 benchmarks done), not tested\n  no run can be tested yet: 2 runs with values; a "
        + "change needs >= 3 runs before and >= 3 after it\n"), "never a bare 'no change point': " + text);
    assertTrue(text.contains("(failed: IllegalStateException: injected failure (fixture)), not tested\n  no run can be "
        + "tested yet: 1 run with values"), "one run: not tested, and why: " + text);
    assertFalse(text.contains("no change point"), text);
  }

  @Test
  void theChartMarksIncompleteRunsAndNamesTheGaps() throws Exception {
    TrendResult t = history();
    TrendResult.Series host = series(t, "host", "16");
    var chart = TrendOutput.chart("c", host, BenchmarkKey.of(host.benchmark(), host.mode(), host.params()), t.runs());
    assertTrue(chart.title().endsWith("[missing in run 2]"), chart.title());
    assertTrue(chart.legend().contains("incomplete run (partial, failed or killed)"), chart.legend().toString());
    TrendResult.Series complete = new TrendAnalyzer(0.01, 0.05, 0.95)
        .analyze(Inputs.load(List.of(Fixtures.trend(1), Fixtures.trend(2))), Pattern.compile("sum"), null).series().get(0);
    var plain = TrendOutput.chart("p", complete, BenchmarkKey.of(complete.benchmark(), complete.mode(),
        complete.params()), List.of(run(1), run(2)));
    assertFalse(plain.legend().contains("incomplete run (partial, failed or killed)"), "nothing to mark");
    List<String> names = TrendOutput.write(t, Files.createDirectories(tmp.resolve("out")));
    assertEquals(4, names.size(), "lookup x2 sizes on host and c1");
  }

  private static TrendResult.Run run(int n) {
    return new TrendResult.Run(n, "r" + n, null, "r" + n, null, List.of());
  }
}
