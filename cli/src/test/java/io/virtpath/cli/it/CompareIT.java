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
        assertEquals("no change", r.get("verdict").asText(), r.toString());
      }
      assertEquals(12, o.get("counts").get("no change").asInt());
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
