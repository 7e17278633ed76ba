package io.virtpath.analysis.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.RemoteRecord;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.trend.TrendAnalyzer;
import io.virtpath.analysis.trend.TrendResult;
import io.virtpath.core.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare and trend take remote records as they take lab records: one target per name, its rounds its replicates. */
class RemoteCompareTrendTest {
  @TempDir Path tmp;

  private Path remote(String runId) throws Exception {
    Path run = RemoteRecord.create(tmp.resolve("results").resolve(runId));
    io.virtpath.analysis.Fixtures.edit(run.resolve("manifest.json"), "\"20261130-103919-4f8a\"", "\"" + runId + "\"");
    return run;
  }

  @Test
  void compareTwoRemoteRunsPairsTheirTargetsByName() throws Exception {
    Path a = remote("20261201-100000-aaaa");
    Path b = remote("20261202-100000-bbbb");
    CompareOutcome o = new Comparer(Settings.DEFAULTS).compare("a", Inputs.load(List.of(a)), "b",
        Inputs.load(List.of(b)));
    assertEquals(List.of("pve1", "alma9"), o.results().stream().map(CompareResult::target).distinct().toList(),
        Json.toString(o.pairs()));
    assertTrue(o.results().stream().noneMatch(r -> r.target().contains(".r")), "no round is a target of its own");
  }

  @Test
  void trendOverRemoteRunsHasOneSeriesPerTargetWithRoundsAsReplicates() throws Exception {
    remote("20261201-100000-aaaa");
    remote("20261202-100000-bbbb");
    remote("20261203-100000-cccc");
    TrendResult t = new TrendAnalyzer(0.05, 0.05, 0.95)
        .analyze(Inputs.load(List.of(tmp.resolve("results"))), Pattern.compile("SyscallBench\\.getpid\\b"), null);
    assertEquals(List.of("alma9", "pve1"), t.series().stream().map(TrendResult.Series::target).sorted().toList());
    t.series().forEach(s -> {
      assertEquals(3, s.points().size(), s.target());
      assertEquals("rounds", s.replicate(), s.target());
    });
  }
}
