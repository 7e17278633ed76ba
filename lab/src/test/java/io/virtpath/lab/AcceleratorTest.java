package io.virtpath.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import io.virtpath.lab.guest.FakeKvmRoot;
import io.virtpath.lab.guest.FakeKvmRoot.Dev;
import io.virtpath.lab.guest.KvmHost;
import io.virtpath.lab.spec.SpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
    List<String> expected = new ArrayList<>(List.of(liveDir.getFileName().toString(), mine.getFileName().toString(),
        foreign.getFileName().toString()));
    for (int i = 8 - Accelerator.KEEP_PROBE_LOGS + 1; i <= 8; i++) {
      expected.add("2026010" + i + "-000000-pid" + dead);
    }
    assertEquals(expected.stream().sorted().toList(), left);
  }

  @Test
  void kvmWhereTheFactsExcludeItFailsBeforeAnythingIsSetUp() throws Exception {
    var spec = SpecParser.parse("targets:\n  - {name: g, kind: qemu}\n", "t");
    KvmHost noDev = KvmHost.read(FakeKvmRoot.create(base.resolve("nodev"), "fpu vmx", false, Dev.MISSING));
    String msg = assertThrows(UsageException.class, () -> Accelerator.check("kvm", spec, noDev)).getMessage();
    assertEquals("--accel kvm: KVM cannot run the guests on this machine: /dev/kvm does not exist; use --accel auto "
        + "to fall back to TCG, or --accel tcg", msg);
    KvmHost pvm = KvmHost.read(FakeKvmRoot.create(base.resolve("pvm"), "fpu hypervisor", true, Dev.OPENS));
    assertTrue(assertThrows(UsageException.class, () -> Accelerator.check("kvm", spec, pvm)).getMessage()
        .contains(": /dev/kvm is PVM (module kvm_pvm), a software hypervisor: stock guest kernels run emulated; "));
    Accelerator.check("auto", spec, pvm);
    Accelerator.check("kvm", SpecParser.parse("targets:\n  - {name: h, kind: host}\n", "t"), pvm); // no guests
    Accelerator.check("kvm", spec, KvmHost.read(FakeKvmRoot.create(base.resolve("vmx"), "fpu vmx", false, Dev.OPENS)));
    assertTrue(assertThrows(UsageException.class, () -> Accelerator.check("hvf", spec, pvm)).getMessage()
        .contains("choose auto, kvm, tcg"));
  }

  @Test
  void autoOnAPvmHostIsTcgAtOnceWithTheReasonAndNoLogs() throws Exception {
    Path root = FakeKvmRoot.create(base.resolve("root"), "fpu msr hypervisor", true, Dev.OPENS);
    List<String> said = new ArrayList<>();
    Accelerator a = Accelerator.resolve("auto", root, null, base.resolve("cache"), said::add);
    assertEquals(List.of(), said, "nothing boots, so nothing says it probes by booting");
    assertEquals("tcg", a.used());
    assertNull(a.cpuModel());
    assertEquals(false, a.probeBooted());
    assertNull(a.probeLogs());
    assertTrue(a.banner().matches("accelerator: TCG \\(software emulation\\) -- guest numbers are NOT KVM numbers; "
        + "no KVM: /dev/kvm is PVM \\(module kvm_pvm\\), a software hypervisor: stock guest kernels run emulated; "
        + "the CPU has no vmx or svm flag in /proc/cpuinfo \\(no hardware virtualization\\) "
        + "\\(decided in [0-9.]+ ms from the host's facts, nothing booted\\)"), a.banner());
    try (Stream<Path> s = Files.list(base.resolve("cache/probe-logs"))) {
      assertEquals(0, s.count(), "no probe log directory");
    }

    String msg = assertThrows(UsageException.class,
        () -> Accelerator.resolve("kvm", root, null, base.resolve("cache"), said::add)).getMessage();
    assertTrue(msg.startsWith("--accel kvm: KVM cannot run the guests on this machine: /dev/kvm is PVM") 
        && msg.endsWith("; use --accel auto to fall back to TCG") && !msg.contains("probe logs"), msg);

    Accelerator tcg = Accelerator.resolve("tcg", root, null, base.resolve("cache"), said::add);
    assertEquals(new Accelerator("tcg", "tcg", null, null, null, null, null), tcg);
    assertEquals("accelerator: TCG (software emulation) -- guest numbers are NOT KVM numbers (--accel tcg)", tcg.banner());
  }

  @Test
  void kvmBannerNamesTheCpuModelTheProbeBootedAndItsLogs() {
    Accelerator a = new Accelerator("auto", "kvm", "host,-arch-capabilities",
        "ok: booted in 2.0 s with -cpu host,-arch-capabilities (-cpu host: qemu exited before the guest's init ran: x)",
        true, 4.25, "/var/cache/virtpath/probe-logs/20261130-100000-pid7");
    assertEquals("accelerator: KVM (ok: booted in 2.0 s with -cpu host,-arch-capabilities (-cpu host: qemu exited "
        + "before the guest's init ran: x); probe took 4.3 s, logs in /var/cache/virtpath/probe-logs/20261130-100000-pid7)",
        a.banner());
  }

  /** The pid of a process that has exited. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }
}
