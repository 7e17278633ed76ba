package io.virtpath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.report.Headline;
import io.virtpath.core.UsageException;
import io.virtpath.runner.BenchmarkSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The seams between modules the lab's default rests on, and the duration syntax of --budget. */
class HeadlineSetTest {
  @Test
  void theLabsDefaultSetRunsEveryBenchmarkTheHeadlineTableShows() {
    // the runner (harness) chooses what runs, the report (analysis) what is shown: neither sees the other
    for (Headline.Metric m : Headline.METRICS) {
      assertTrue(BenchmarkSet.HEADLINE.includes(m.benchmark()), m.benchmark() + " is in the headline table but not run");
      assertEquals(java.util.List.of(m.mode()), BenchmarkSet.HEADLINE.modes(m.benchmark(), java.util.List.of("avgt", "sample", "thrpt")),
          m.benchmark() + ": the headline reads another mode than the lab runs");
    }
  }

  @Test
  void durationsAreReadAsPeopleWriteThem() {
    assertEquals(Duration.ofMinutes(15), Durations.parse("15m", "--budget"));
    assertEquals(Duration.ofSeconds(900), Durations.parse("900s", "--budget"));
    assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m", "--budget"));
    for (String bad : new String[] {"15", "fifteen", "", "0m", "-5m", "99999999999999999999h"}) {
      String why = assertThrows(UsageException.class, () -> Durations.parse(bad, "--budget")).getMessage();
      assertTrue(why.startsWith("--budget '" + bad + "'"), why);
    }
  }
}
