package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --budget}: the lab stops starting rounds when the next would overrun, and says so. The
 * outcome does not depend on the machine's speed: a round of the host's three syscall benchmarks
 * cannot take less than its 1.8 s of smoke measurement plus the 1 s wait for an idle JIT, so the
 * 20 rounds a budget allows would need at least 56 s, far beyond the 20 s given.
 */
@Tag("privileged")
class LabBudgetIT {
  @TempDir Path results;

  @Test
  void aBudgetEndsTheRoundsWithEveryTargetEvenAndSaysWhy() throws Exception {
    Path runDir;
    String console;
    try (VirtpathProcess lab = VirtpathProcess.start(Path.of("target/it-logs/lab-budget"),
        "lab", "--profile", "smoke", "--targets", "host,container", "--suites", "syscall", "--budget", "20s",
        "--results", results.toString())) {
      assertEquals(0, lab.waitFor(Duration.ofMinutes(10)), () -> "lab exit; stderr: " + RunSmokeIT.safe(lab::stderr));
      console = lab.stdout();
      runDir = Path.of(lab.lastLine());
    }
    assertTrue(console.contains("lab: budget 20s: "), console);
    JsonNode manifest = Records.read(runDir.resolve("manifest.json"));
    assertEquals("complete", manifest.get("status").asText(), "the budget is a plan, not a failure");
    JsonNode options = manifest.get("options");
    int rounds = options.get("rounds").asInt();
    assertTrue(rounds >= 1 && rounds < 20, options.toString());
    assertEquals(20, options.get("roundsAtMost").asInt());
    assertEquals(20, options.get("budgetSeconds").asInt());
    assertTrue(options.get("budgetStop").asText().contains("stopped after " + rounds + " round(s)"), options.toString());
    assertEquals(2 * rounds, manifest.get("targets").size(), "every round ran both targets");
    assertEquals(rounds, Records.read(runDir.resolve("lab.json")).get("rounds").size());
  }
}
