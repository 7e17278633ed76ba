package io.virtpath.runner.counters;

import static io.virtpath.runner.counters.Resources.EMULATED;
import static io.virtpath.runner.counters.Resources.FIRECRACKER;
import static io.virtpath.runner.counters.Resources.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parsers against real and hand-made /proc and /sys files. */
class ProcFilesTest {

  @Test
  void interruptsOfAnMsixVirtioMachine() {
    Interrupts i = Interrupts.parse(text(FIRECRACKER, "interrupts"));
    Interrupts.Line req = i.lines().stream().filter(l -> l.label().equals("36")).findFirst().orElseThrow();
    assertEquals(11_590_294, req.count());
    assertEquals("virtio1-req.0", req.handlers());
    Interrupts.Line loc = i.lines().stream().filter(l -> l.label().equals("LOC")).findFirst().orElseThrow();
    assertEquals(15_384_973L + 15_109_053L, loc.count());
    assertEquals("Local timer interrupts", loc.handlers());
    assertEquals(0 + 1 + 11_590_294, i.sum(Set.of("35", "36")));
  }

  @Test
  void interruptsSumEveryCpuAndKeepSharedHandlers() {
    Interrupts i = Interrupts.parse(text(EMULATED, "interrupts"));
    Interrupts.Line shared = i.lines().stream().filter(l -> l.label().equals("11")).findFirst().orElseThrow();
    assertEquals(1200 + 300 + 50 + 7, shared.count());
    assertEquals("eth0, uhci_hcd:usb1", shared.handlers());
    assertEquals(8500 + 100, i.sum(Set.of("14", "15")));
    long all = 40 + 9 + 1 + 1557 + 15 + 8500 + 100 + 400_006 + 50;
    assertEquals(all, i.total());
  }

  @Test
  void softirqsByKind() {
    Softirqs fc = Softirqs.parse(text(FIRECRACKER, "softirqs"));
    assertEquals(26_305_397L + 25_498_838L, fc.get("NET_RX"));
    assertEquals(11_588_134L, fc.get("BLOCK"));
    Softirqs emu = Softirqs.parse(text(EMULATED, "softirqs"));
    assertEquals(10_000, emu.get("TIMER"));
    assertEquals(0, emu.get("NO_SUCH_KIND"));
  }

  @Test
  void cpuLineAndContextSwitches() {
    CpuStat fc = CpuStat.parse(text(FIRECRACKER, "stat"));
    assertEquals(3_956_413, fc.user());
    assertEquals(85_777, fc.softirq());
    assertTrue(fc.contextSwitches() > 0);
    CpuStat emu = CpuStat.parse(text(EMULATED, "stat"));
    // guest time (500) is already inside user: not counted twice
    assertEquals(4000 + 100 + 2000 + 10000 + 300 + 50 + 60 + 70, emu.total());
    assertEquals(987_654, emu.contextSwitches());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuStat.parse("cpu  1 2 3 4\n"));
    assertTrue(e.getMessage().contains("ctxt"), e.getMessage());
  }

  @Test
  void processSwitchesKeepThoseOfEndedThreads() throws InterruptedException {
    ProcessSwitches before = ProcessSwitches.ofThisProcess();
    Thread sleeper = new Thread(() -> {
      for (int i = 0; i < 5; i++) {
        try {
          Thread.sleep(1); // blocks in the kernel: a voluntary switch each time
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sleeper.start();
    sleeper.join();
    ProcessSwitches after = ProcessSwitches.ofThisProcess();
    assertTrue(after.voluntary() - before.voluntary() >= 5, before + " -> " + after);
    assertTrue(after.involuntary() >= before.involuntary());
  }

  @Test
  void blockStatOfBothLayouts() {
    // 17 fields (kernel 5.5+): read merges + write merges + discard merges
    BlockStat vda = BlockStat.parse(text(FIRECRACKER, "vda-stat"));
    assertEquals(92_942L + 357_667L + 58, vda.merged());
    assertEquals(0, vda.inFlight());
    assertEquals(3_793_723, vda.weightedQueueMillis());
    // 11 fields (before 4.18): no discard columns
    BlockStat old = BlockStat.parse(text(EMULATED, "sda-stat-11-fields"));
    assertEquals(20 + 7, old.merged());
    assertEquals(2, old.inFlight());
    assertEquals(900, old.weightedQueueMillis());
    assertThrows(IllegalArgumentException.class, () -> BlockStat.parse("1 2 3"));
  }
}
