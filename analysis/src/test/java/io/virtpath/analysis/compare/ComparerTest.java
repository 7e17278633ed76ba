package io.virtpath.analysis.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.read.Loaded;
import io.virtpath.analysis.result.Row;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.result.Verdict;
import io.virtpath.core.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparerTest {
  @TempDir Path tmp;

  private static Loaded load(Path p) {
    return Inputs.load(List.of(p));
  }

  private static CompareOutcome compare(Path a, Path b) {
    return new Comparer(Settings.DEFAULTS).compare(a.toString(), load(a), b.toString(), load(b));
  }

  private static CompareResult result(CompareOutcome o, String method) {
    return o.results().stream().filter(r -> r.benchmark().endsWith("." + method)).findFirst().orElseThrow();
  }

  @Test
  void interpretedRunIsARegression() {
    // run 12 ran with -Xint: the vectorised sum is an order of magnitude slower
    CompareOutcome o = compare(Fixtures.trend(1), Fixtures.trend(12));
    CompareResult sum = result(o, "sum");
    assertEquals(Verdict.SLOWER, sum.verdict());
    assertTrue(sum.ratio() > 5, "ratio " + sum.ratio());
    assertTrue(o.hasRegression());
    assertEquals(List.of("run-01 -> run-12"), o.pairs());
    String text = CompareText.render(o);
    assertTrue(text.contains("SLOWER") && text.contains("Summary: "), text);
  }

  @Test
  void theOtherWayRoundIsFaster() {
    CompareOutcome o = compare(Fixtures.trend(12), Fixtures.trend(1));
    assertEquals(Verdict.FASTER, result(o, "sum").verdict());
    assertFalse(o.hasRegression());
  }

  @Test
  void sameDataIsNeverAChangeAndReadsAsTheSame() {
    CompareOutcome o = compare(Fixtures.LAB.resolve("host"), Fixtures.LAB.resolve("host"));
    // three forks with these fixtures' spread cannot show equivalence within 5 %: inconclusive, not "no change"
    assertTrue(o.results().stream().allMatch(r -> r.verdict() == Verdict.NO_CHANGE
        || r.verdict() == Verdict.INCONCLUSIVE), o.results().toString());
    assertFalse(o.hasRegression());
    String text = CompareText.render(o);
    assertTrue(text.contains("same (1.00x)") && !text.contains("1.00x slower"), text);
    assertTrue(text.contains("run-to-run bound") && text.contains("interleave runs"),
        "an inconclusive row says what would resolve it: " + text);
  }

  @Test
  void runRecordsArePairedByTargetLabel() {
    CompareOutcome o = compare(Fixtures.LAB, Fixtures.LAB);
    assertEquals(List.of("host", "c1"), o.pairs());
    assertEquals(12, o.results().size());
  }

  @Test
  void noBenchmarkInCommonIsAnErrorNotAPass() {
    // a gate that compared nothing must not pass: exit 2 with both sides' benchmarks named
    UsageException e = assertThrows(UsageException.class,
        () -> compare(Fixtures.mode("thrpt"), Fixtures.mode("avgt-forks-params")));
    assertTrue(e.getMessage().contains("no benchmark in common") && e.getMessage().contains("only in A: ")
        && e.getMessage().contains("only in B: "), e.getMessage());
  }

  @Test
  void noCommonTargetIsAUsageError() {
    Path lab = Fixtures.LAB;
    Loaded other = Inputs.load(List.of(Fixtures.mode("thrpt"), Fixtures.mode("ss")));
    UsageException e = assertThrows(UsageException.class,
        () -> new Comparer(Settings.DEFAULTS).compare("A", load(lab), "B", other));
    assertTrue(e.getMessage().contains("no target label in common"), e.getMessage());
  }
}
