package io.virtpath.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.stats.SequentialRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The scheduler against simulated targets whose true costs are known, on a simulated clock: it
 * decides what the truth supports despite a machine drift far larger than the differences, leaves
 * decided targets out, stops at the budget with what each undecided row would take, and survives
 * an agent that dies or refuses one request.
 */
class BlockSchedulerTest {
  private static final List<BlockPlan.Benchmark> BENCHMARKS = List.of(
      new BlockPlan.Benchmark("io.virtpath.bench.syscall.SyscallBench.getpid", "avgt", false),
      new BlockPlan.Benchmark("io.virtpath.bench.disk.DiskBench.randRead4kQd1", "avgt", false),
      new BlockPlan.Benchmark("io.virtpath.bench.network.TcpBench.roundTrip", "avgt", false));
  private static final List<Comparison> COMPARISONS = List.of(new Comparison("container", "host"),
      new Comparison("emulated", "host"), new Comparison("virtio", "host"), new Comparison("emulated", "virtio"));

  private final List<String> console = new ArrayList<>();
  private final List<BlocksJson> writes = new ArrayList<>();

  /** host 1×, container 1× (A/A), emulated 3×, virtio 1.5×; drift sd 0.3 between minutes, noise 0.03. */
  private List<SimulatedTarget> lab(SimulatedTarget.Machine m, double guestSeconds) {
    return List.of(new SimulatedTarget("host", 1, 0.03, 2, m, 1), new SimulatedTarget("container", 1, 0.03, 2, m, 2),
        new SimulatedTarget("emulated", 3, 0.03, guestSeconds, m, 3),
        new SimulatedTarget("virtio", 1.5, 0.03, guestSeconds, m, 4));
  }

  private BlocksJson run(List<SimulatedTarget> targets, SimulatedTarget.Machine m, Duration budget, int fixed) throws Exception {
    BlockPlan plan = new BlockPlan(BENCHMARKS, COMPARISONS, SequentialRule.defaults(), 42, budget, fixed,
        Duration.ofMinutes(5));
    return new BlockScheduler(plan, new ArrayList<>(targets), console::add, writes::add, () -> m.nanos).run();
  }

  private static Map<String, String> verdicts(BlocksJson r) {
    return r.decisions().stream().collect(Collectors.toMap(d -> d.benchmark().replaceAll(".*\\.", "") + " "
        + d.comparison(), BlocksJson.Decision::verdict));
  }

  @Test
  void decidesWhatTheTruthSupportsDespiteTheDrift() throws Exception {
    SimulatedTarget.Machine m = new SimulatedTarget.Machine(0.3, 7);
    BlocksJson r = run(lab(m, 10), m, Duration.ofMinutes(60), 0);
    assertEquals("decided", r.stopped(), console.toString());
    for (var e : verdicts(r).entrySet()) {
      String expected = e.getKey().endsWith("container/host") ? "equivalent" : "slower";
      assertEquals(expected, e.getValue(), e.getKey() + "\n" + String.join("\n", console));
    }
    for (BlocksJson.Decision d : r.decisions()) {
      // the interval shown is the deciding look's, at its own level 1 - alpha_j (above 95 %)
      assertTrue(d.ciLow() <= d.ratio() && d.ratio() <= d.ciHigh() && d.level() > 0.95, d.toString());
      assertTrue(d.decidedAtPass() >= 3, "no look before three blocks: " + d);
    }
    // unpaired, a drift of sd 0.3 (±35 %) between minutes would swamp a ±10 % margin for many passes
    assertTrue(r.passes().size() <= 8, r.passes().size() + " passes:\n" + String.join("\n", console));
    assertTrue(console.get(0).startsWith("pass 1: "), console.toString());
  }

  @Test
  void aDecidedComparisonNoLongerCostsItsTargets() throws Exception {
    SimulatedTarget.Machine m = new SimulatedTarget.Machine(0.05, 8);
    List<SimulatedTarget> t = lab(m, 10);
    // virtio is noisy: emulated/virtio and virtio/host take longer than the rest
    List<SimulatedTarget> targets = List.of(t.get(0), t.get(1), t.get(2), new SimulatedTarget("virtio", 1.5, 0.4, 10, m, 9));
    BlocksJson r = run(targets, m, Duration.ofMinutes(120), 0);
    int blocks = r.passes().stream().mapToInt(p -> p.blocks().size()).sum();
    int virtio = targets.get(3).measured;
    int container = targets.get(1).measured;
    assertTrue(container < virtio, "container/host decides early and the container is left out after: container "
        + container + ", virtio " + virtio + " in " + blocks + " blocks");
    for (BlocksJson.Pass p : r.passes()) {
      for (BlocksJson.Block b : p.blocks()) {
        assertTrue(b.order().size() >= 2 && b.order().size() <= 4, b.toString());
      }
    }
  }

  @Test
  void theBudgetEndsItAndUndecidedRowsSayWhatTheyWouldTake() throws Exception {
    SimulatedTarget.Machine m = new SimulatedTarget.Machine(0.05, 10);
    List<SimulatedTarget> t = List.of(new SimulatedTarget("host", 1, 0.3, 2, m, 1),
        new SimulatedTarget("container", 1.05, 0.3, 2, m, 2), new SimulatedTarget("emulated", 3, 0.3, 60, m, 3),
        new SimulatedTarget("virtio", 1.5, 0.3, 60, m, 4));
    Duration budget = Duration.ofMinutes(30);
    BlocksJson r = run(t, m, budget, 0);
    assertEquals("budget", r.stopped());
    assertTrue(r.seconds() <= budget.toSeconds(), "no block starts that the budget cannot pay: " + r.seconds());
    BlocksJson.Decision open = r.decisions().stream().filter(d -> d.verdict().equals("undecided") && d.looks() > 0)
        .findFirst().orElseThrow(() -> new AssertionError(r.decisions().toString()));
    assertNotNull(open.resolvable());
    assertTrue(open.resolvable() > 1, open.toString());
    assertTrue(open.extraBlocks() != 0, open.toString());
  }

  @Test
  void anAgentThatDiesStopsOnlyItsOwnComparisons() throws Exception {
    SimulatedTarget.Machine m = new SimulatedTarget.Machine(0.1, 11);
    List<SimulatedTarget> t = lab(m, 10);
    t.get(2).dieAt = 4; // emulated, in pass 2
    t.get(0).refuseAt = 2; // the host refuses one block
    BlocksJson r = run(t, m, Duration.ofMinutes(60), 0);
    assertEquals("undecidable: the rest needs a failed target", r.stopped());
    assertTrue(r.dead().get("emulated").contains("closed its channel"), r.dead().toString());
    Map<String, String> v = verdicts(r);
    v.forEach((k, verdict) -> {
      if (k.contains("emulated")) {
        assertEquals("undecided", verdict, k);
      } else {
        assertTrue(!verdict.equals("undecided"), k + " " + verdict);
      }
    });
    boolean refused = r.passes().stream().flatMap(p -> p.blocks().stream())
        .anyMatch(b -> b.failures().getOrDefault("host", "").contains("no space left"));
    assertTrue(refused, "the refused block is recorded with its reason");
    assertTrue(console.stream().anyMatch(l -> l.startsWith("agent of emulated given up: ")), console.toString());
  }

  @Test
  void aFixedDesignMeasuresEveryTargetInEveryBlock() throws Exception {
    SimulatedTarget.Machine m = new SimulatedTarget.Machine(0.1, 12);
    List<SimulatedTarget> t = lab(m, 10);
    BlocksJson r = run(t, m, Duration.ofHours(10), 3);
    assertEquals("passes", r.stopped());
    assertEquals(3, r.passes().size());
    for (SimulatedTarget s : t) {
      assertEquals(3 * BENCHMARKS.size(), s.measured, s.name());
    }
  }

  @Test
  void theRecordIsWrittenAfterEveryBlock() throws Exception {
    SimulatedTarget.Machine m = new SimulatedTarget.Machine(0.1, 13);
    BlocksJson r = run(lab(m, 10), m, Duration.ofMinutes(60), 2);
    int blocks = r.passes().stream().mapToInt(p -> p.blocks().size()).sum();
    assertEquals(blocks + 1, writes.size(), "one write per block and the final one");
    assertEquals(null, writes.get(0).stopped());
  }
}
