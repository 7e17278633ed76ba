package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code virtpath trend} over a real history with one real change (JIT, then -Xint from run 7). */
class TrendIT {
  @TempDir Path tmp;

  private static List<String> args(Path out, String... extra) {
    return args(12, out, extra);
  }

  private static List<String> args(int runs, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("trend"));
    for (int i = 1; i <= runs; i++) {
      a.add(AnalysisFixtures.trend(i).toString());
    }
    a.addAll(List.of("--out", out.toString()));
    a.addAll(List.of(extra));
    return a;
  }

  @Test
  void changePointAtRunSeven() throws Exception {
    Path out = tmp.resolve("trend");
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/trend-text"),
        args(out).toArray(String[]::new))) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(90)), () -> RunSmokeIT.safe(p::stderr));
      String text = p.stdout();
      assertTrue(text.contains("12 runs (ordered by as given), 2 series"), text);
      assertTrue(text.contains("DemoBench.sum [avgt] size=256 @ jmh") && text.contains("at run #7 (run-07.json)"), text);
    }
    JsonNode t = Records.read(out.resolve("trend.json"));
    assertEquals(2, t.get("series").size());
    try (var charts = Files.list(out.resolve("charts"))) {
      assertEquals(4, charts.count(), "one chart per series, PNG and SVG");
    }
  }

  @Test
  void jsonAndFilters() throws Exception {
    Path out = tmp.resolve("trend-json");
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/trend-json"),
        args(out, "--benchmark", "sum", "--format", "json", "--target", "jmh").toArray(String[]::new))) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(90)), () -> RunSmokeIT.safe(p::stderr));
      JsonNode t = Json.mapper().readTree(p.stdout());
      assertEquals(1, t.get("series").size());
      JsonNode cp = t.get("series").get(0).get("change_points");
      assertEquals(1, cp.size());
      assertEquals(7, cp.get(0).get("run").asInt());
      assertEquals("slower", cp.get(0).get("verdict").asText());
    }
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/trend-bad-regex"),
        args(out, "--benchmark", "sum(").toArray(String[]::new))) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)));
      assertTrue(p.stderr().contains("--benchmark 'sum(' is not a regular expression"), p.stderr());
    }
  }

  /** Nine runs, three after the change: found in both series; the two newest are named untestable. */
  @Test
  void nineRunsAndTheThresholdOption() throws Exception {
    Path out = tmp.resolve("trend-nine");
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/trend-nine"),
        args(9, out, "--threshold", "10%").toArray(String[]::new))) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(90)), () -> RunSmokeIT.safe(p::stderr));
      String text = p.stdout();
      assertEquals(2, text.split("1 change point \\(> 10 %, alpha 0.05\\)", -1).length - 1, text);
      assertEquals(2, text.split("at run #7 \\(run-07.json\\)", -1).length - 1, text);
      assertTrue(text.contains("the last 2 runs cannot be tested yet: need >= 3 runs after a change (#8, #9)"), text);
    }
    assertEquals(2, Records.read(out.resolve("trend.json")).get("format_version").asInt());
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/trend-bad-threshold"),
        args(9, tmp.resolve("never"), "--threshold", "five").toArray(String[]::new))) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)));
      assertTrue(p.stderr().contains("--threshold 'five' is not a number: write it as 5% or 0.05"), p.stderr());
      assertTrue(!p.stderr().contains("Exception"), p.stderr());
    }
    assertTrue(Files.notExists(tmp.resolve("never")), "nothing written on bad input");
  }
}
