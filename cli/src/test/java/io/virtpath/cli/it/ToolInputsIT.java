package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} and {@code compare} on fio outputs, as a user runs them: two directories with the
 * same fio job three times each (direct I/O, page cache), the analysis module's real fixtures.
 */
class ToolInputsIT {
  @TempDir static Path tmp;

  private static final Path FIO =
      Path.of("..", "analysis", "src", "test", "resources", "fio").toAbsolutePath().normalize();

  @Test
  void reportOnDirectoriesOfFioOutputs() throws Exception {
    Path out = tmp.resolve("fio-report");
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/report-fio"), "report",
        FIO.resolve("replicates").toString(), FIO.resolve("replicates-buffered").toString(), "--out", out.toString())) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stderr));
      assertEquals(out.resolve("report.html").toString(), p.lastLine());
    }
    assertTrue(Files.readString(out.resolve("report.html")).contains("rr.read"));
    JsonNode summary = Records.read(out.resolve("summary.json"));
    assertEquals("replicates", summary.get("baseline").asText());
    boolean found = false;
    for (JsonNode r : summary.get("results")) {
      if (r.get("benchmark").asText().equals("fio.rr.read") && r.get("metric").asText().equals("primary")
          && r.get("target").asText().equals("replicates-buffered")) {
        assertEquals("ops/s", r.get("unit").asText());
        assertEquals("higher-is-better", r.get("direction").asText());
        assertEquals(3, r.get("n").asInt());
        assertEquals("forks", r.get("replicate").asText());
        found = true;
      }
    }
    assertTrue(found, summary.toString());
  }

  @Test
  void compareTwoDirectoriesOfFioOutputs() throws Exception {
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/compare-fio"), "compare",
        FIO.resolve("replicates").toString(), FIO.resolve("replicates-buffered").toString(), "--format", "json")) {
      assertEquals(0, p.waitFor(Duration.ofSeconds(60)), () -> RunSmokeIT.safe(p::stderr));
      JsonNode o = Json.mapper().readTree(p.stdout());
      assertEquals(1, o.get("results").size(), o.toString());
      JsonNode r = o.get("results").get(0);
      assertEquals("fio.rr.read", r.get("benchmark").asText());
      assertEquals(3, r.get("b").get("n").asInt());
      assertTrue(r.get("ratio").asDouble() < 1, "the page cache serves more IOPS: " + r);
    }
  }
}
