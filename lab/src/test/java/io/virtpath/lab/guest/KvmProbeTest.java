package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.lab.guest.FakeKvmRoot.Dev;
import io.virtpath.lab.guest.KvmProbe.Attempt;
import io.virtpath.lab.guest.KvmProbe.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvmProbeTest {
  private static final String MSR = "qemu exited before the guest's init ran: "
      + "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x2000000e1";

  @TempDir Path tmp;

  /** Plays the given outcome for each CPU model and remembers which models were booted. */
  private static KvmProbe.Boot playing(Map<String, Attempt> outcomes, List<String> booted) {
    return cpu -> {
      booted.add(cpu);
      return outcomes.get(cpu);
    };
  }

  @Test
  void hostBootsAndNothingElseIsTried() throws Exception {
    List<String> booted = new ArrayList<>();
    List<String> log = new ArrayList<>();
    ProbeResult r = KvmProbe.tryModels(
        playing(Map.of("host", new Attempt("host", Outcome.BOOTED, "booted in 1.2 s")), booted), log, System.nanoTime());
    assertEquals(List.of("host"), booted);
    assertTrue(r.usable() && r.booted());
    assertEquals("host", r.cpuModel());
    assertEquals("ok: booted in 1.2 s with -cpu host", r.detail());
    assertEquals(List.of("-cpu host: booted in 1.2 s"), log);
  }

  @Test
  void aQemuThatCannotSetArchCapabilitiesGetsTheModelWithoutIt() throws Exception {
    List<String> booted = new ArrayList<>();
    List<String> log = new ArrayList<>();
    ProbeResult r = KvmProbe.tryModels(playing(Map.of(
        "host", new Attempt("host", Outcome.FAILED, MSR),
        "host,-arch-capabilities", new Attempt("host,-arch-capabilities", Outcome.BOOTED, "booted in 2.0 s")),
        booted), log, System.nanoTime());
    assertEquals(KvmProbe.CPU_MODELS, booted);
    assertTrue(r.usable());
    assertEquals("host,-arch-capabilities", r.cpuModel());
    assertEquals("ok: booted in 2.0 s with -cpu host,-arch-capabilities (-cpu host: " + MSR + ")", r.detail());
    assertEquals(List.of("-cpu host: " + MSR, "-cpu host,-arch-capabilities: booted in 2.0 s"), log);
  }

  @Test
  void aHangIsNotRetriedWithAnotherModel() throws Exception {
    List<String> booted = new ArrayList<>();
    ProbeResult r = KvmProbe.tryModels(playing(Map.of(
        "host", new Attempt("host", Outcome.TIMED_OUT, "guest did not reach init within 25 s (killed)")),
        booted), new ArrayList<>(), System.nanoTime());
    assertEquals(List.of("host"), booted);
    assertFalse(r.usable());
    assertTrue(r.booted());
    assertNull(r.cpuModel());
    assertEquals("-accel kvm did not boot the probe guest: -cpu host: guest did not reach init within 25 s (killed)",
        r.detail());
  }

  @Test
  void everyModelFailingSaysWhatEachDid() throws Exception {
    ProbeResult r = KvmProbe.tryModels(playing(Map.of(
        "host", new Attempt("host", Outcome.FAILED, MSR),
        "host,-arch-capabilities", new Attempt("host,-arch-capabilities", Outcome.FAILED, "guest failed: kernel panic")),
        new ArrayList<>()), new ArrayList<>(), System.nanoTime());
    assertFalse(r.usable());
    assertEquals("-accel kvm did not boot the probe guest: -cpu host: " + MSR
        + "; -cpu host,-arch-capabilities: guest failed: kernel panic", r.detail());
  }

  @Test
  void certainFactsBootNothingAndBuildNoImage() throws Exception {
    Path root = FakeKvmRoot.create(tmp.resolve("root"), "fpu msr hypervisor", true, Dev.OPENS);
    Path logs = tmp.resolve("logs");
    List<String> said = new ArrayList<>();
    ProbeResult r = KvmProbe.probe(root, () -> {
      throw new AssertionError("the image must not be prepared when the facts decide");
    }, Duration.ofSeconds(25), logs, said::add);
    assertFalse(r.usable() || r.booted());
    assertNull(r.cpuModel());
    assertTrue(r.detail().startsWith("/dev/kvm is PVM (module kvm_pvm), a software hypervisor"), r.detail());
    assertTrue(r.seconds() >= 0, r.toString());
    assertEquals(List.of(), said, "nothing says it boots");
    assertFalse(Files.exists(logs), "no log directory for a probe that boots nothing");
    assertTrue(r.how(null).matches("decided in [0-9.]+ ms from the host's facts, nothing booted"), r.how(null));
  }

  @Test
  void logDirectoriesPerCpuModel() {
    assertEquals(List.of("host", "host_-arch-capabilities"), KvmProbe.CPU_MODELS.stream().map(KvmProbe::logName).toList());
  }

  /**
   * The boot path end to end with a real QEMU, on a machine without /dev/kvm: facts that claim
   * hardware virtualization send it to boot, QEMU fails at once under -accel kvm, and each CPU model
   * is tried, on QEMU's command line and in the probe's log.
   */
  @Test
  @Tag("privileged")
  void whereOnlyABootCanTellEachCpuModelIsTriedAndLogged() throws Exception {
    Assumptions.assumeFalse(Files.exists(Path.of("/dev/kvm")), "this machine has /dev/kvm: QEMU would not fail");
    Path root = FakeKvmRoot.create(tmp.resolve("root"), "fpu msr vmx", false, Dev.OPENS);
    Path logs = tmp.resolve("logs");
    List<String> said = new ArrayList<>();
    ProbeResult r = KvmProbe.probe(root, TestImages::image, Duration.ofSeconds(60), logs, said::add);
    System.err.println("probe boot without KVM: " + r);
    assertEquals(List.of("probing KVM by booting a tiny guest (at most 60 s per CPU model) ..."), said);
    assertFalse(r.usable());
    assertTrue(r.booted());
    assertTrue(r.detail().startsWith("-accel kvm did not boot the probe guest: -cpu host: qemu exited before the "
        + "guest's init ran: ") && r.detail().contains("; -cpu host,-arch-capabilities: qemu exited"), r.detail());
    for (String cpu : KvmProbe.CPU_MODELS) {
      List<String> cmd = List.of(Files.readString(logs.resolve(KvmProbe.logName(cpu)).resolve("qemu.cmd")).split("\\s+"));
      assertEquals(cpu, cmd.get(cmd.indexOf("-cpu") + 1), cmd.toString());
    }
    List<String> log = Files.readAllLines(logs.resolve(KvmProbe.LOG));
    assertEquals(4, log.size(), log.toString());
    assertTrue(log.get(1).startsWith("-cpu host: qemu exited") && log.get(2).startsWith("-cpu host,-arch-capabilities: ")
        && log.get(3).startsWith("decision: tcg after "), log.toString());
    assertEquals(List.of(), TestImages.qemuProcesses("vp-kvm-probe"));
  }

  @Test
  @Tag("privileged")
  void probeAnswersWithinItsTimeoutAndLeavesNoQemu() throws Exception {
    Duration timeout = Duration.ofSeconds(20);
    Path logDir = Path.of("target", "guest-test-logs", "kvm-probe").toAbsolutePath();
    long start = System.nanoTime();
    ProbeResult r = KvmProbe.probe(Path.of("/"), TestImages::image, timeout, logDir, m -> {});
    double took = (System.nanoTime() - start) / 1e9;
    System.err.println("kvm probe: " + r);
    // two CPU models at most, each killed at its timeout
    assertTrue(took < 2 * timeout.toSeconds() + 20, "took " + took + " s");
    assertTrue(r.seconds() >= 0 && r.seconds() <= took, r.toString());
    if (r.usable()) {
      assertTrue(r.detail().matches("ok: booted in [0-9.]+ s with -cpu host(,-arch-capabilities)?( \\(.*\\))?"),
          r.detail());
      assertTrue(KvmProbe.CPU_MODELS.contains(r.cpuModel()), r.cpuModel());
    } else if (r.booted()) {
      assertTrue(r.detail().startsWith("-accel kvm did not boot the probe guest: -cpu host: "), r.detail());
    } else {
      assertEquals(KvmHost.read().whyNotKvm().orElseThrow(), r.detail());
    }
    if (r.booted()) {
      assertTrue(Files.isRegularFile(logDir.resolve(KvmProbe.LOG)), "the probe's account of each CPU model");
    }
    assertEquals(List.of(), TestImages.qemuProcesses("vp-kvm-probe"));
  }
}
