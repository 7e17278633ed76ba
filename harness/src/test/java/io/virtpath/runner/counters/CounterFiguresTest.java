package io.virtpath.runner.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One iteration of 100 operations on an emulated guest (ata_piix disk, e1000 NIC), by hand. */
class CounterFiguresTest {
  private static final CountersConfig EMULATED =
      new CountersConfig(new DeviceLines("ata_piix", Set.of("14", "15")), new DeviceLines("e1000", Set.of("11")), "sda");

  private static Snapshot before() {
    return new Snapshot(
        0,
        interrupts(1000, 5000, 100, 400_000),
        new Softirqs(Map.of("NET_RX", 100L, "BLOCK", 10L, "TIMER", 0L, "SCHED", 0L, "NET_TX", 0L)),
        new CpuStat(0, 0, 0, 0, 0, 0, 0, 0, 1000),
        new ProcessSwitches(10, 1),
        new BlockStat(5, 0, 1000));
  }

  private static Snapshot after() {
    return new Snapshot(
        1_000_000_000L, // one second later
        interrupts(1100, 5150, 100, 400_050),
        new Softirqs(Map.of("NET_RX", 300L, "BLOCK", 160L, "TIMER", 20L, "SCHED", 0L, "NET_TX", 50L)),
        new CpuStat(30, 10, 20, 30, 0, 4, 6, 0, 1500),
        new ProcessSwitches(110, 21),
        new BlockStat(25, 1, 1500));
  }

  private static Interrupts interrupts(long eth0, long ide0, long ide1, long loc) {
    return new Interrupts(List.of(
        new Interrupts.Line("11", eth0, "eth0"),
        new Interrupts.Line("14", ide0, "ata_piix"),
        new Interrupts.Line("15", ide1, "ata_piix"),
        new Interrupts.Line("LOC", loc, "Local timer interrupts")));
  }

  @Test
  void perOperationFiguresOfADiskBenchmark() {
    Map<String, CounterFigures.Figure> f = CounterFigures.of(EMULATED, before(), after(), 100, true);
    assertEquals(1.5, f.get("irq.disk.ata_piix/op").value());
    assertEquals("#/op", f.get("irq.disk.ata_piix/op").unit());
    assertEquals(1.0, f.get("irq.nic.e1000/op").value());
    assertEquals(0.5, f.get("irq.other/op").value()); // the timer only: device lines are not counted twice
    assertEquals(2.0, f.get("softirq.net_rx/op").value());
    assertEquals(0.5, f.get("softirq.net_tx/op").value());
    assertEquals(1.5, f.get("softirq.block/op").value());
    assertEquals(0.2, f.get("softirq.timer/op").value());
    assertEquals(0.0, f.get("softirq.sched/op").value());
    assertEquals(1.0, f.get("ctxsw.vol/op").value());
    assertEquals(0.2, f.get("ctxsw.invol/op").value());
    assertEquals(5.0, f.get("ctxsw.system/op").value());
    assertEquals(40.0, f.get("cpu.user.%").value()); // user + nice of 100 ticks
    assertEquals("%", f.get("cpu.user.%").unit());
    assertEquals(20.0, f.get("cpu.system.%").value());
    assertEquals(4.0, f.get("cpu.irq.%").value());
    assertEquals(6.0, f.get("cpu.softirq.%").value());
    assertEquals(0.0, f.get("cpu.steal.%").value());
    assertEquals(0.2, f.get("disk.merged/op").value());
    assertEquals(0.5, f.get("disk.inflight.avg").value(), 1e-12); // 500 ms queued over 1000 ms
    assertTrue(f.keySet().stream().allMatch(CounterFigures::isCounter), f.keySet().toString());
  }

  @Test
  void otherSuitesGetNoDiskFigures() {
    Map<String, CounterFigures.Figure> f = CounterFigures.of(EMULATED, before(), after(), 100, false);
    assertFalse(f.containsKey("disk.merged/op"));
    assertFalse(f.containsKey("disk.inflight.avg"));
    assertTrue(f.containsKey("irq.disk.ata_piix/op"));
  }

  @Test
  void unknownDevicesLeaveEveryInterruptInOther() {
    Map<String, CounterFigures.Figure> f =
        CounterFigures.of(new CountersConfig(null, null, null), before(), after(), 100, true);
    assertEquals(3.0, f.get("irq.other/op").value()); // 100 + 150 + 50
    assertTrue(f.keySet().stream().noneMatch(k -> k.startsWith("irq.disk") || k.startsWith("irq.nic")));
  }

  @Test
  void anIterationWithoutOperationsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> CounterFigures.of(EMULATED, before(), after(), 0, true));
  }

  @Test
  void otherProfilersNamesAreNotCounters() {
    assertFalse(CounterFigures.isCounter("gc.alloc.rate.norm"));
    assertFalse(CounterFigures.isCounter("randRead4kQd1:p0.99"));
  }
}
