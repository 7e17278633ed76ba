package io.virtpath.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.record.Fingerprint;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The development machine, from files copied off it: a Firecracker microVM whose rootfs came from a
 * Docker image. systemd-detect-virt says "docker" (it trusts /.dockerenv); the fingerprint must say
 * KVM/firecracker, because no runtime isolates the process: initial PID namespace, PID 1 is the
 * kernel's rdinit, the root is the VM's own disk, seccomp is off.
 */
class FirecrackerFixtureTest {
  @TempDir Path dir;

  private FixtureTree machine() {
    FixtureTree t = new FixtureTree(dir).copyResource("fingerprint/firecracker");
    String virtio = Machines.PCI + "/0000:00:02.0/virtio1";
    String disk = virtio + "/block/vda";
    t.pidNamespace(FixtureTree.INITIAL_PID_NS)
        .bytes("sys/firmware/acpi/tables/DSDT", Machines.acpiHeader("DSDT", "FIRECK", "FCVMDSDT"))
        .disk(disk, "254:0", "none [mq-deadline] kyber bfq", "1")
        .linkTo(disk.substring(1) + "/device", virtio)
        .driver(virtio, "virtio", "virtio_blk")
        .file(virtio.substring(1) + "/vendor", "0x1af4\n")
        .file(virtio.substring(1) + "/device", "0x0002\n");
    return t;
  }

  private Fingerprint collect(FixtureTree t) {
    RouteLookup lo = (h, p, n) -> new Route("lo", "127.0.0.1", 65536);
    return new Fingerprinter(t.root, null, lo).collect(Path.of("/var/tmp"), null, null);
  }

  @Test
  void isKvmFirecrackerNotDocker() {
    Fingerprint f = collect(machine());
    assertEquals("kvm", f.virtualization().kind());
    assertEquals("firecracker", f.virtualization().detail());
    assertTrue(
        f.virtualization().evidence().stream().anyMatch(e -> e.startsWith("/.dockerenv ignored")),
        f.virtualization().evidence()::toString);
  }

  @Test
  void hostAndStorageFromTheCapturedFiles() {
    Fingerprint f = collect(machine());
    assertEquals("6.18.44-fc-v669", f.host().kernel());
    assertEquals("AMD EPYC", f.host().cpuModel());
    assertEquals(2, f.host().onlineCpus());
    assertEquals(24684084L * 1024, f.host().memoryTotalBytes());
    assertEquals("tsc", f.host().clocksource());
    assertEquals("disabled", f.host().seccomp());
    assertEquals(
        "Mitigation: Retpolines; STIBP: disabled; RSB filling; PBRSB-eIBRS: Not"
            + " affected; BHI: Not affected",
        f.host().mitigations().get("spectre_v2"));
    assertEquals("vda", f.storage().device());
    assertEquals("virtio_blk", f.storage().driver());
    assertEquals("mq-deadline", f.storage().scheduler());
  }

  @Test
  void theSameVmRunningARealContainerIsAContainerOnKvm() {
    FixtureTree t = machine().pidNamespace("pid:[4026532200]");
    Fingerprint f = collect(t);
    assertEquals("container", f.virtualization().kind());
    assertEquals("docker", f.virtualization().detail());
    assertTrue(
        f.virtualization().evidence().contains("running on hypervisor: kvm (firecracker)"),
        f.virtualization().evidence()::toString);
  }
}
