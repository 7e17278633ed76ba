package io.virtpath.analysis.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.result.Verdict;
import io.virtpath.core.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** compare says when A or B did not finish, and a benchmark one side lacks is "missing", with why. */
class IncompleteCompareTest {

  private static CompareOutcome compare(Path a, Path b) {
    return new Comparer(Settings.DEFAULTS).compare(a.toString(), Inputs.load(List.of(a)), b.toString(),
        Inputs.load(List.of(b)));
  }

  @Test
  void aBenchmarkThatFailedInBIsMissingNotDropped() throws Exception {
    CompareOutcome o = compare(Fixtures.LAB, Fixtures.PARTIAL_LAB);
    assertTrue(o.aIncomplete().isEmpty());
    assertEquals(List.of("partial", "partial", "failed"), o.bIncomplete().stream().map(CompareOutcome.Incomplete::status)
        .toList(), "the lab, then its targets c1 and vm");
    assertNull(o.bIncomplete().get(0).target());
    assertEquals("c1", o.bIncomplete().get(1).target());
    List<CompareResult> missing = o.results().stream().filter(r -> r.verdict() == Verdict.MISSING).toList();
    assertEquals(2, missing.size(), "lookup size=16 and size=256 on c1");
    for (CompareResult r : missing) {
      assertEquals("c1", r.target());
      assertEquals(Fixtures.LOOKUP, r.benchmark());
      assertEquals("B", r.missingIn());
      assertEquals("failed", r.missing());
      assertEquals("IllegalStateException: injected failure (fixture)", r.missingReason());
      assertTrue(r.a() != null && r.a().score() != null, "A's number is still shown");
      assertNull(r.b());
    }
    assertEquals(2, o.counts().get("missing"));
    assertEquals(10, o.results().size() - 2, "the other benchmarks are compared as before");
    assertTrue(o.notes().contains("target 'vm' is only in B (failed: guest timed out after 10 minutes; 0 of 3 "
        + "benchmarks done): not compared"), o.notes().toString());

    String text = CompareText.render(o);
    assertTrue(text.contains("   B INCOMPLETE: lab 20261122-123000-part: partial: 2 of 3 target runs incomplete"), text);
    assertTrue(text.contains("   B INCOMPLETE: target c1: partial: 1 of 3 benchmarks failed"), text);
    assertTrue(text.contains("   B INCOMPLETE: target vm: failed: guest timed out"), text);
    assertTrue(text.matches("(?s).*\nDemoBench\\.lookup \\[sample] size=16 @c1 +41\\.82 +missing +ns/op +n/a +- +MISSING\n.*"),
        text);
    assertTrue(text.contains("DemoBench.lookup [sample] size=16: B: missing (failed: IllegalStateException: injected "
        + "failure (fixture))"), text);
    assertTrue(text.contains("Summary: 0 slower, 0 faster, ") && text.contains(" 2 missing\n"), text);
    assertEquals(0, o.counts().get("slower") + o.counts().get("faster"), "identical data is never a change");
    assertTrue(text.contains("Incomplete input: B is not a complete record"), text);

    JsonNode json = Json.mapper().readTree(Json.toString(o));
    assertEquals("partial", json.get("b_incomplete").get(0).get("status").asText());
    assertEquals(0, json.get("a_incomplete").size());
    JsonNode first = json.get("results").get(0);
    assertTrue(first.has("missing_in") && first.has("missing") && first.has("missing_reason"), first.toString());
  }

  @Test
  void aKilledRunSaysSoAndItsUnstartedBenchmarksAreMissing() {
    CompareOutcome o = compare(Fixtures.LAB.resolve("host"), Fixtures.KILLED_RUN);
    assertEquals(List.of("killed"), o.bIncomplete().stream().map(CompareOutcome.Incomplete::status).distinct().toList());
    List<CompareResult> missing = o.results().stream().filter(r -> r.verdict() == Verdict.MISSING).toList();
    assertEquals(2, missing.size());
    assertTrue(missing.stream().allMatch(r -> r.missing().equals("not run")
        && r.missingReason().startsWith("target killed while running")), missing.toString());
    String text = CompareText.render(o);
    assertTrue(text.contains("B INCOMPLETE: run 20261122-120000-kill: killed while running"), text);
  }

  @Test
  void theOtherWayRoundTheMissingSideIsA() {
    CompareOutcome o = compare(Fixtures.PARTIAL_LAB, Fixtures.LAB);
    assertEquals(3, o.aIncomplete().size());
    assertTrue(o.results().stream().filter(r -> r.verdict() == Verdict.MISSING).allMatch(r -> r.missingIn().equals("A")
        && r.a() == null && r.b() != null));
  }
}
