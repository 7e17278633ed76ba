package io.virtpath.analysis.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader carries how each record ended, run and target, into the typed model. */
class CompletenessTest {

  @Test
  void partialLabCarriesEachTargetsStatusAndFailures() {
    Loaded l = Inputs.load(List.of(Fixtures.PARTIAL_LAB));
    RunData run = l.runs().get(0);
    assertEquals(Completeness.State.PARTIAL, run.completeness().state());
    assertTrue(run.completeness().reason().startsWith("2 of 3 target runs incomplete"));
    assertEquals(List.of("host", "c1", "vm"), run.targets().stream().map(TargetData::label).toList(),
        "vm has no jmh.json but stays: its benchmarks must show as missing, not vanish");
    TargetData host = run.targets().get(0);
    TargetData c1 = run.targets().get(1);
    TargetData vm = run.targets().get(2);
    assertFalse(host.completeness().incomplete());
    assertEquals("host", host.marked());
    assertEquals(Completeness.State.PARTIAL, c1.completeness().state());
    assertEquals(Map.of(Fixtures.LOOKUP, "IllegalStateException: injected failure (fixture)"),
        c1.completeness().failed());
    assertEquals("c1 [partial]", c1.marked());
    assertEquals(Completeness.State.FAILED, vm.completeness().state());
    assertTrue(vm.results().isEmpty());
    assertEquals("vm [failed]", vm.marked());
    assertTrue(l.skipped().isEmpty(), "a failed target without results is explained by its status: " + l.skipped());
    assertTrue(run.incomplete());
    List<String> lines = run.incompleteLines();
    assertTrue(lines.get(0).startsWith("lab 20261122-123000-part (") && lines.get(0).contains("): partial: 2 of 3"),
        lines.get(0));
    assertTrue(lines.contains("  target c1: partial: 1 of 3 benchmarks failed: [" + Fixtures.LOOKUP + "]"), lines.toString());
    assertTrue(lines.contains("  target c1: " + Fixtures.LOOKUP + " failed: IllegalStateException: injected failure (fixture)"),
        lines.toString());
    assertTrue(lines.contains("  target vm: failed: guest timed out after 10 minutes; 0 of 3 benchmarks done"),
        lines.toString());
  }

  @Test
  void runningManifestReadLaterIsAKilledRun() {
    Loaded l = Inputs.load(List.of(Fixtures.KILLED_RUN));
    RunData run = l.runs().get(0);
    assertEquals(Completeness.State.KILLED, run.completeness().state());
    TargetData host = run.targets().get(0);
    assertEquals(Completeness.State.KILLED, host.completeness().state());
    assertEquals("killed", host.completeness().state().json());
    assertEquals("host [killed]", host.marked());
    assertEquals("killed while running (the record was never sealed: its manifest still says running): "
        + "2 of 3 benchmarks done", host.completeness().describe());
    assertEquals(1, host.completeness().neverStarted());
    assertEquals(1, l.incomplete().size());
  }

  @Test
  void targetDirectoryOfAnIncompleteRunKeepsItsOwnStatus() {
    Loaded c1 = Inputs.load(List.of(Fixtures.PARTIAL_LAB.resolve("c1")));
    assertEquals(Completeness.State.PARTIAL, c1.targets().get(0).completeness().state());
    assertEquals(Completeness.State.PARTIAL, c1.runs().get(0).completeness().state(),
        "the input is the target: its own state, not the lab's");
    Loaded host = Inputs.load(List.of(Fixtures.PARTIAL_LAB.resolve("host")));
    assertFalse(host.runs().get(0).incomplete(), "host itself completed, though the lab did not");
  }

  @Test
  void plainFilesAndCompleteRecordsAreNotMarked() {
    Loaded l = Inputs.load(List.of(Fixtures.LAB, Fixtures.mode("thrpt")));
    assertTrue(l.incomplete().isEmpty());
    assertEquals(Completeness.State.COMPLETE, l.targets().get(0).completeness().state());
    assertEquals(Completeness.State.UNRECORDED, l.targets().get(2).completeness().state());
    assertEquals(null, l.targets().get(2).completeness().state().json());
  }
}
