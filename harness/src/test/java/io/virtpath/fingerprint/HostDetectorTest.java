package io.virtpath.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.record.Fingerprint.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostDetectorTest {
  @TempDir Path dir;
  private final List<String> notes = new ArrayList<>();

  @Test
  void readsEveryField() {
    FixtureTree t =
        Machines.kvmGuest(dir)
            .file("proc/self/status", "Name:\tjava\nSeccomp:\t2\nSeccomp_filters:\t1\n");
    Host h = new HostDetector(new RootFs(t.root), notes).detect();
    assertEquals("fixture", h.hostname());
    assertEquals("6.1.0-18-amd64", h.kernel());
    assertTrue(h.kernelVersion().startsWith("Linux version 6.1.0-18-amd64"));
    assertEquals(System.getProperty("os.arch"), h.architecture());
    assertEquals("Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz", h.cpuModel());
    assertEquals(4, h.onlineCpus());
    assertEquals(8136748L * 1024, h.memoryTotalBytes());
    assertEquals("kvm-clock", h.clocksource());
    assertEquals("Not affected", h.mitigations().get("meltdown"));
    assertEquals(2, h.mitigations().size());
    assertEquals("filter (1 filters)", h.seccomp());
    assertEquals(List.of(), notes);
  }

  @Test
  void emptyRootGivesNullsAndNotesNotExceptions() {
    Host h = new HostDetector(new RootFs(dir), notes).detect();
    assertNull(h.hostname());
    assertNull(h.kernel());
    assertNull(h.cpuModel());
    assertNull(h.memoryTotalBytes());
    assertNull(h.clocksource());
    assertNull(h.mitigations());
    assertNull(h.seccomp());
    assertEquals(Runtime.getRuntime().availableProcessors(), h.onlineCpus());
    assertTrue(
        notes.contains("host.kernel unknown: cannot read /proc/sys/kernel/osrelease (missing)"),
        notes::toString);
    assertTrue(notes.stream().anyMatch(n -> n.contains("availableProcessors")), notes::toString);
  }

  @Test
  void cpuListFormat() {
    assertEquals(1, HostDetector.countCpuList("0"));
    assertEquals(2, HostDetector.countCpuList("0-1\n"));
    assertEquals(7, HostDetector.countCpuList("0-3,8,10-11"));
    assertThrows(NumberFormatException.class, () -> HostDetector.countCpuList("3-1"));
    assertThrows(NumberFormatException.class, () -> HostDetector.countCpuList("x"));
  }
}
