package io.virtpath.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import io.virtpath.lab.spec.SpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceleratorTest {
  @TempDir Path base;

  @Test
  void concurrentLabsProbeIntoDirectoriesOfTheirOwn() throws Exception {
    Instant now = Instant.parse("2026-11-30T10:00:00Z");
    Path a = Accelerator.probeLogDir(base, now, ProcessHandle.current().pid());
    Path b = Accelerator.probeLogDir(base, now, ProcessHandle.current().pid() + 1);
    assertNotEquals(a, b);
    assertEquals(base, a.getParent());
    assertEquals(base, b.getParent());
  }

  @Test
  void finishedLabsLogsArePrunedLiveOnesKept() throws Exception {
    long dead = deadPid();
    long live = ProcessHandle.current().pid();
    Path liveDir = Files.createDirectories(base.resolve("20260101-000000-pid" + live)); // the oldest of all
    for (int i = 1; i <= 8; i++) {
      Files.writeString(Files.createDirectories(base.resolve("2026010" + i + "-000000-pid" + dead)).resolve("console.log"), "x");
    }
    Path foreign = Files.writeString(base.resolve("console.log"), "an old lab's log, not ours to delete");

    Path mine = Files.createDirectory(Accelerator.probeLogDir(base, Instant.parse("2026-11-30T10:00:00Z"), live));

    assertEquals("20261130-100000-pid" + live, mine.getFileName().toString());
    List<String> left;
    try (Stream<Path> s = Files.list(base)) {
      left = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<String> expected = new java.util.ArrayList<>(List.of(liveDir.getFileName().toString(), mine.getFileName().toString(),
        foreign.getFileName().toString()));
    for (int i = 8 - Accelerator.KEEP_PROBE_LOGS + 1; i <= 8; i++) {
      expected.add("2026010" + i + "-000000-pid" + dead);
    }
    assertEquals(expected.stream().sorted().toList(), left);
  }

  @Test
  void kvmWithoutDevKvmFailsBeforeAnythingIsSetUp() {
    Assumptions.assumeFalse(Files.exists(Path.of("/dev/kvm")), "this machine has /dev/kvm");
    var spec = SpecParser.parse("targets:\n  - {name: g, kind: qemu}\n", "t");
    String msg = assertThrows(UsageException.class, () -> Accelerator.check("kvm", spec)).getMessage();
    assertTrue(msg.contains("/dev/kvm does not exist") && msg.contains("--accel auto"), msg);
    Accelerator.check("auto", spec);
    Accelerator.check("kvm", SpecParser.parse("targets:\n  - {name: h, kind: host}\n", "t")); // no guests: no KVM needed
    assertTrue(assertThrows(UsageException.class, () -> Accelerator.check("hvf", spec)).getMessage()
        .contains("choose auto, kvm, tcg"));
  }

  /** The pid of a process that has exited. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }
}
