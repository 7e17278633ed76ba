package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code virtpath compare} as a CI gate: exit 1 on a regression only with --fail-on-regression. */
class CompareIT {
  @TempDir Path tmp;

  private static VirtpathProcess compare(String log, String... args) throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = "compare";
    System.arraycopy(args, 0, all, 1, args.length);
    return VirtpathProcess.start(Path.of("target/it-logs/" + log), all);
  }

  @Test
  void regressionFailsTheGate() throws Exception {
    String a = AnalysisFixtures.trend(1).toString();
    String b = AnalysisFixtures.trend(12).toString(); // interpreted (-Xint): much slower
    try (VirtpathProcess p = compare("compare-gate", a, b, "--fail-on-regression")) {
      assertEquals(1, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stderr));
      String out = p.stdout();
      assertTrue(out.contains("SLOWER") && out.contains("regression: "), out);
    }
    try (VirtpathProcess p = compare("compare-no-gate", a, b)) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), "without the flag a regression is reported, not failed");
    }
    try (VirtpathProcess p = compare("compare-faster", b, a, "--fail-on-regression")) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)));
      assertTrue(p.stdout().contains("FASTER"), p.stdout());
    }
  }

  @Test
  void jsonForTools() throws Exception {
    try (VirtpathProcess p = compare("compare-json", AnalysisFixtures.LAB.toString(), AnalysisFixtures.LAB.toString(),
        "--format", "json", "--threshold", "10%", "--alpha", "0.05")) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stderr));
      JsonNode o = Json.mapper().readTree(p.stdout());
      assertEquals(0.1, o.get("settings").get("threshold").asDouble(), 1e-12);
      assertEquals(12, o.get("results").size(), "6 benchmarks x 2 targets paired by label");
      for (JsonNode r : o.get("results")) {
        // identical data is never a change; with three forks it is "no change" only where the
        // interval is narrow enough to show equivalence within 10 %
        String v = r.get("verdict").asText();
        assertTrue(v.equals("no change") || v.equals("inconclusive"), r.toString());
        assertEquals(v.equals("no change"), r.get("ratio_ci_low").asDouble() >= 1 / 1.1
            && r.get("ratio_ci_high").asDouble() <= 1.1, "no change means the interval lies within 10 %: " + r);
      }
      assertEquals(12, o.get("counts").get("no change").asInt() + o.get("counts").get("inconclusive").asInt());
    }
  }

  @Test
  void theGateNeverPassesOnNothing() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty.json"), "[]\n");
    String good = AnalysisFixtures.trend(2).toString();
    try (VirtpathProcess p = compare("compare-empty-b", good, empty.toString(), "--fail-on-regression")) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stdout));
      assertTrue(p.stderr().contains("B (" + empty + ")"), p.stderr());
    }
    try (VirtpathProcess p = compare("compare-empty-a", empty.toString(), good, "--fail-on-regression")) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)), "an empty input is never a baseline: " + p.stdout());
      assertTrue(p.stderr().contains("A (" + empty + ")"), p.stderr());
    }
    try (VirtpathProcess p = compare("compare-disjoint", AnalysisFixtures.mode("thrpt").toString(),
        AnalysisFixtures.mode("avgt-forks-params").toString(), "--fail-on-regression")) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stdout));
      assertTrue(p.stderr().contains("no benchmark in common"), p.stderr());
    }
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/report-empty"), "report",
        empty.toString(), "--out", tmp.resolve("report").toString())) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stdout));
      assertFalse(Files.exists(tmp.resolve("report").resolve("summary.json")), "nothing is written");
    }
  }

  @Test
  void aBareThresholdIsRefusedNotReadAsAFraction() throws Exception {
    // "--threshold 5" read as 500 % let a 2x regression pass the gate
    try (VirtpathProcess p = compare("compare-bare-threshold", AnalysisFixtures.trend(1).toString(),
        AnalysisFixtures.trend(12).toString(), "--threshold", "5", "--fail-on-regression")) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stdout));
      assertTrue(p.stderr().contains("--threshold 5 is ambiguous: write 5% for 5 percent"), p.stderr());
    }
  }

  @Test
  void badInputIsAUsageError() throws Exception {
    byte[] good = Files.readAllBytes(AnalysisFixtures.trend(2));
    Path cut = Files.write(tmp.resolve("cut.json"), Arrays.copyOf(good, good.length / 2));
    try (VirtpathProcess p = compare("compare-truncated", cut.toString(), AnalysisFixtures.trend(3).toString())) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)));
      String err = p.stderr();
      assertTrue(err.contains(cut + ": line ") && err.contains("column"), err);
      assertFalse(err.contains("\tat "), err);
    }
    try (VirtpathProcess p = compare("compare-format", AnalysisFixtures.trend(2).toString(),
        AnalysisFixtures.trend(3).toString(), "--format", "xml")) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)));
      assertTrue(p.stderr().contains("--format xml: use text or json"), p.stderr());
    }
    try (VirtpathProcess p = compare("compare-threshold", AnalysisFixtures.trend(2).toString(),
        AnalysisFixtures.trend(3).toString(), "--threshold", "five")) {
      assertEquals(2, p.waitFor(Duration.ofSeconds(60)));
      assertTrue(p.stderr().contains("--threshold 'five' is not a number"), p.stderr());
    }
  }
}
