package io.virtpath.analysis.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counters from metrics.json, jmh.json and host-counters.json; lab rounds as medians; bad files named. */
class CountersReadTest {
  static final String RANDREAD = "io.virtpath.bench.disk.DiskRandomBench.randRead4kQd1";
  static final String TCP = "io.virtpath.bench.network.NetworkBenchmark.tcpRoundTrip1b";
  private static final double EPS = 1e-9;

  @TempDir Path tmp;

  private static TargetData target(Loaded l, String label) {
    return l.targets().stream().filter(t -> t.label().equals(label)).findFirst().orElseThrow();
  }

  @Test
  void labRoundsMergeAsTheMedianOfEachFigure() {
    Loaded l = Inputs.load(List.of(Fixtures.EXPLAIN_LAB));
    assertEquals(List.of(), l.skipped());
    Counters.Figures emu = target(l, "emulated").counters().find(RANDREAD, "thrpt");
    assertEquals(3, emu.rounds());
    // rounds: ata_piix 2.0, 2.2, 1.9; vCPU 30, 34, 29; main 6, 8, 5; workers 2, 2, 3; totals 38.1, 44.1, 37.1
    assertEquals(2.0, emu.guest().get("irq.disk.ata_piix/op"), EPS);
    assertEquals(0.4, emu.guest().get("irq.other/op"), EPS); // 0.3, 0.5, 0.4
    assertEquals(30, emu.hostCpuUsPerOp().get("vcpu"), EPS);
    assertEquals(6, emu.hostCpuUsPerOp().get("main"), EPS);
    assertEquals(2, emu.hostCpuUsPerOp().get("workers"), EPS);
    assertEquals(38.1, emu.hostCpuUsPerOp().get("total"), EPS);
    assertEquals(Map.of(), emu.kvmExitsPerOp(), "TCG: no exits");
    assertEquals("not available: TCG (QEMU emulates the CPU; there are no KVM exits)",
        target(l, "emulated").counters().kvmExits());

    // virtio.r2 has no metrics.json: its counters come from jmh.json's secondary metrics (1.1)
    Counters.Figures vio = target(l, "virtio").counters().find(RANDREAD, "thrpt");
    assertEquals(1.0, vio.guest().get("irq.disk.virtio_blk/op"), EPS); // 1.0, 1.1, 0.9
    assertEquals(9.0, vio.hostCpuUsPerOp().get("total"), EPS); // 9.0, 10.0, 8.5
    assertEquals(1.5, vio.hostCpuUsPerOp().get("main"), EPS); // 1.5, 1.5, 2

    TargetData host = target(l, "host");
    assertNull(host.counters().kvmExits(), "no host-counters.json: nothing said about exits");
    assertEquals(Map.of(), host.counters().find(TCP, "sample").hostCpuUsPerOp());
    assertEquals(0.2, host.counters().find(TCP, "sample").guest().get("irq.other/op"), EPS);
  }

  @Test
  void aRoundWithoutMetricsJsonReadsJmhSecondaryMetrics() {
    Loaded l = Inputs.load(List.of(Fixtures.EXPLAIN_LAB.resolve("virtio.r2")));
    Counters.Figures f = l.targets().get(0).counters().find(RANDREAD, "thrpt");
    assertEquals(1, f.rounds());
    assertEquals(1.1, f.guest().get("irq.disk.virtio_blk/op"), EPS);
    assertEquals(10.0, f.hostCpuUsPerOp().get("total"), EPS); // 8 + 1.5 + 0.5
  }

  @Test
  void aPlainJmhFileHasTheCountersOfItsSecondaryMetrics() throws Exception {
    Path f = tmp.resolve("with-counters.json");
    Files.copy(Fixtures.EXPLAIN_LAB.resolve("virtio.r2/jmh.json"), f);
    Counters.Figures c = Inputs.load(List.of(f)).targets().get(0).counters().find(TCP, "sample");
    assertEquals(1.0, c.guest().get("irq.nic.virtio_net/op"), EPS);
    assertEquals(Map.of(), c.hostCpuUsPerOp(), "host-counters.json belongs to a record, not to a plain file");
    assertTrue(Inputs.load(List.of(Fixtures.mode("secondary-gc-aux"))).targets().get(0).counters().isEmpty(),
        "-prof gc and @AuxCounters are not counters");
  }

  @Test
  void aRecordWithoutCountersHasNone() {
    Loaded l = Inputs.load(List.of(Fixtures.LAB_TCG));
    l.targets().forEach(t -> assertTrue(t.counters().isEmpty(), t.label()));
    assertEquals(List.of(), l.skipped().stream().filter(s -> s.path().toString().contains("counters")).toList());
  }

  @Test
  void aMalformedHostCountersFileIsNamedAndTheGuestCountersKept() throws Exception {
    Path dir = Fixtures.copyTree(Fixtures.EXPLAIN_LAB.resolve("emulated"), tmp.resolve("emulated"));
    Path file = dir.resolve("host-counters.json");
    Files.writeString(file, Files.readString(file).replace("\n    \"vcpu\": 30.0,", "\n    \"vcpu\": \"lots\","));
    Loaded l = Inputs.load(List.of(dir));
    assertEquals(1, l.skipped().size(), l.skipped().toString());
    Skipped s = l.skipped().get(0);
    assertEquals(file, s.path());
    assertTrue(s.problem().contains("benchmarks[1].cpuMicrosPerOp.vcpu: expected a number >= 0, found \"lots\""),
        s.problem());
    assertTrue(s.problem().contains("shown without its host counters"), s.problem());
    Counters.Figures f = l.targets().get(0).counters().find(RANDREAD, "thrpt");
    assertEquals(2.0, f.guest().get("irq.disk.ata_piix/op"), EPS);
    assertEquals(Map.of(), f.hostCpuUsPerOp());
  }

  @Test
  void hostCountersFieldsAreChecked() throws Exception {
    String good = Files.readString(Fixtures.EXPLAIN_LAB.resolve("emulated/host-counters.json"));
    assertProblem(good.replace("\"formatVersion\": 1", "\"formatVersion\": 2"), "\"formatVersion\" 2");
    assertProblem(good.replaceFirst("\n    \"workers\": 0.0,", ""), "benchmarks[0].cpuMicrosPerOp.workers: missing");
    assertProblem(good.replace("\"benchmark\": \"io.virtpath.bench.syscall.SyscallBench.getpid\",", ""),
        "benchmarks[0].benchmark: missing");
    assertProblem(good.replace("\"available\": false", "\"available\": \"no\""), "\"kvmExits.available\"");
    assertProblem(good.substring(0, good.length() / 2), "truncated");
  }

  private void assertProblem(String text, String expected) throws Exception {
    Path f = tmp.resolve("host-counters.json");
    Files.writeString(f, text);
    InputException e = assertThrows(InputException.class, () -> HostCountersJson.read(f));
    assertTrue(e.problem().contains(expected), e.problem());
    assertEquals(f, e.path());
  }

  @Test
  void theMedianOfAnEvenNumberIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, Counters.median(List.of(4.0, 1.0, 2.0, 3.0)), EPS);
    assertEquals(3.0, Counters.median(List.of(9.0, 1.0, 3.0)), EPS);
  }
}
