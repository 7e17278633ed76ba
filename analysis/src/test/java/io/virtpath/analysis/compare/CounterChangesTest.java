package io.virtpath.analysis.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Counters;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.result.Settings;
import io.virtpath.core.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counter changes beside a verdict: large and material changes only, descriptive. */
class CounterChangesTest {
  private static final double EPS = 1e-9;

  private static CompareOutcome compare(Path a, Path b) {
    return new Comparer(Settings.DEFAULTS).compare(a.toString(), Inputs.load(List.of(a)), b.toString(),
        Inputs.load(List.of(b)));
  }

  private static CompareResult result(CompareOutcome o, String method) {
    return o.results().stream().filter(r -> r.benchmark().endsWith("." + method)).findFirst().orElseThrow();
  }

  private static CounterChanges.Change change(CompareResult r, String name) {
    return r.counterChanges().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  @Test
  void aChangeIsListedWhenItIsLargeAndMatters() {
    assertTrue(CounterChanges.listed("irq.disk.x/op", 1.0, 2.0), "twice the interrupts");
    assertTrue(CounterChanges.listed("irq.disk.x/op", 0.3, 0.2), "x1.5 and 0.1 per op");
    assertFalse(CounterChanges.listed("irq.disk.x/op", 1.0, 1.4), "x1.4: below the factor");
    assertFalse(CounterChanges.listed("irq.disk.x/op", 0.001, 0.003), "x3 but a few per thousand operations");
    assertTrue(CounterChanges.listed("irq.disk.x/op", 0, 0.1), "from none to one in ten operations");
    assertFalse(CounterChanges.listed("irq.disk.x/op", 0, 0), "nothing either side");
    assertFalse(CounterChanges.listed("cpu.system.%", 1.0, 2.5), "x2.5 of a share, but 1.5 points: tick noise");
    assertTrue(CounterChanges.listed("cpu.system.%", 10, 30));
    assertFalse(CounterChanges.listed("host.cpu.main.us/op", 0.2, 0.9), "under a µs");
    assertTrue(CounterChanges.listed("host.cpu.vcpu.us/op", 30, 7));
  }

  @Test
  void theProfilersOwnCostIsNeverAChange() {
    Counters.Figures a = new Counters.Figures(
        java.util.Map.of("counters.cost.us", 40_000.0, "counters.marks.us", 3_000.0, "irq.disk.x/op", 1.0),
        java.util.Map.of(), java.util.Map.of(), 1);
    Counters.Figures b = new Counters.Figures(
        java.util.Map.of("counters.cost.us", 90_000.0, "counters.marks.us", 10_000.0, "irq.disk.x/op", 2.0),
        java.util.Map.of(), java.util.Map.of(), 1);
    assertEquals(List.of("irq.disk.x/op"), CounterChanges.between(a, b).stream().map(CounterChanges.Change::name).toList());
  }

  @Test
  void emulatedAgainstVirtioListsTheCountersThatMoved() {
    // round 1 of each: hand-computed from make-explain-lab.py
    CompareOutcome o = compare(Fixtures.EXPLAIN_LAB.resolve("emulated"), Fixtures.EXPLAIN_LAB.resolve("virtio"));
    CompareResult read = result(o, "randRead4kQd1");
    CounterChanges.Change vcpu = change(read, "host.cpu.vcpu.us/op");
    assertEquals(30, vcpu.a(), EPS);
    assertEquals(7, vcpu.b(), EPS);
    assertEquals(7 / 30.0, vcpu.ratio(), EPS);
    assertEquals(38.1, change(read, "host.cpu.total.us/op").a(), EPS);
    assertEquals(9.0, change(read, "host.cpu.total.us/op").b(), EPS);
    assertEquals(0.2 / 0.3, change(read, "irq.other/op").ratio(), EPS);
    CounterChanges.Change iothread = change(read, "host.cpu.iothread.us/op");
    assertNull(iothread, "0 -> 0.5 µs: under a µs");
    assertNull(change(read, "irq.disk.ata_piix/op"), "only in A: another device, not a change");
    assertNull(change(read, "ctxsw.vol/op"), "1.0 -> 1.0");
    assertEquals(0.0, change(read, "host.cpu.workers.us/op").ratio(), EPS, "2 -> 0 µs: gone, and 2 µs");
    assertEquals(List.of("irq.other/op", "host.cpu.vcpu.us/op", "host.cpu.main.us/op", "host.cpu.workers.us/op",
        "host.cpu.total.us/op"), read.counterChanges().stream().map(CounterChanges.Change::name).toList(),
        "in A's order; main 6 -> 1.5, other 0.1 -> 0 is under a µs");
    assertEquals(List.of(), result(o, "getpid").counterChanges(), "nothing moved");
    assertEquals(0.5, change(result(o, "tcpRoundTrip1b"), "softirq.net_rx/op").ratio(), EPS);

    String text = CompareText.render(o);
    assertTrue(text.contains("Counters that changed (A -> B; means, no interval: descriptive, the verdict rests on "
        + "the score's interval"), text);
    assertTrue(text.contains("    host.cpu.vcpu.us/op 30.0 → 7.00 (×0.23)\n"), text);
    String json = Json.toString(o);
    assertTrue(json.contains("\"counter_changes\""), "in compare --format json");
  }

  @Test
  void recordsWithoutCountersCompareAsBefore() {
    CompareOutcome o = compare(Fixtures.trend(1), Fixtures.trend(12));
    assertTrue(o.results().stream().allMatch(r -> r.counterChanges().isEmpty()));
    assertFalse(CompareText.render(o).contains("Counters that changed"));
    assertFalse(Json.toString(o).contains("counter_changes"), "the JSON as before");
  }
}
