package io.virtpath.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.record.Fingerprint.Virtualization;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualizationDetectorTest {
  @TempDir Path dir;

  private Virtualization detect(FixtureTree t) {
    return detect(t, null);
  }

  private Virtualization detect(FixtureTree t, String accel) {
    return new VirtualizationDetector(new RootFs(t.root), accel).detect();
  }

  private static void assertEvidence(Virtualization v, String fragment) {
    assertTrue(
        v.evidence().stream().anyMatch(e -> e.contains(fragment)),
        () -> "no evidence containing \"" + fragment + "\" in " + v.evidence());
  }

  @Test
  void bareMetalIsNone() {
    Virtualization v = detect(Machines.bareMetal(dir));
    assertEquals("none", v.kind());
    assertNull(v.detail());
    assertEvidence(v, "sys_vendor=Dell Inc.");
    assertEvidence(v, "the initial PID namespace");
  }

  @Test
  void microsoftLaptopIsNotHyperV() {
    FixtureTree t = Machines.bareMetal(dir).dmi("Microsoft Corporation", "Surface Pro 7", "Micr");
    assertEquals("none", detect(t).kind());
  }

  @Test
  void kvmGuestIsKvmBecauseOfKvmClock() {
    Virtualization v = detect(Machines.kvmGuest(dir));
    assertEquals("kvm", v.kind());
    assertEquals("qemu", v.detail());
    assertEvidence(v, "/proc/cpuinfo flags: hypervisor");
    assertEvidence(v, "kvm-clock: KVM paravirtual clock");
  }

  @Test
  void qemuWithoutKvmClockIsTcg() {
    Virtualization v = detect(Machines.tcgGuest(dir));
    assertEquals("qemu-tcg", v.kind());
    assertEquals("qemu", v.detail());
    assertEvidence(v, "QEMU without kvm-clock");
  }

  @Test
  void labPropertyDecidesKvmOverTcgHeuristic() {
    // A KVM guest started with kvm=off hides kvm-clock; the lab knows better.
    Virtualization v = detect(Machines.tcgGuest(dir), "kvm");
    assertEquals("kvm", v.kind());
    assertEvidence(v, "system property virtpath.accel=kvm (set by the lab)");
  }

  @Test
  void labPropertyTcgWinsButConflictIsRecorded() {
    Virtualization v = detect(Machines.kvmGuest(dir), "tcg");
    assertEquals("qemu-tcg", v.kind());
    assertEvidence(v, "conflict: kvm-clock is present");
  }

  @Test
  void unknownLabPropertyIsIgnored() {
    Virtualization v = detect(Machines.tcgGuest(dir), "hvf");
    assertEquals("qemu-tcg", v.kind());
    assertEvidence(v, "virtpath.accel=hvf (not kvm or tcg: ignored)");
  }

  @Test
  void dockerContainer() {
    Virtualization v = detect(Machines.docker(dir));
    assertEquals("container", v.kind());
    assertEquals("docker", v.detail());
    assertEvidence(v, "/.dockerenv exists");
    assertEvidence(v, "not the initial PID namespace");
    assertEvidence(v, "root filesystem: overlay");
    assertEvidence(v, "running on bare metal");
  }

  @Test
  void dockerByCgroupV1PathInsideAKvmGuestKeepsTheVmInEvidence() {
    FixtureTree t =
        Machines.kvmGuest(dir)
            .file("proc/self/cgroup", "12:memory:/docker/3f2a9c\n0::/\n")
            .file("proc/1/cgroup", "12:memory:/docker/3f2a9c\n0::/\n");
    Virtualization v = detect(t);
    assertEquals("container", v.kind());
    assertEquals("docker", v.detail());
    assertEvidence(v, "/proc/1/cgroup: 12:memory:/docker/3f2a9c");
    assertEvidence(v, "running on hypervisor: kvm (qemu)");
    assertEvidence(v, "below the container: /proc/cpuinfo flags: hypervisor");
  }

  @Test
  void lxcFromPid1Environment() {
    FixtureTree t =
        Machines.bareMetal(dir)
            .file("proc/1/environ", "PATH=/usr/bin\0container=lxc\0TERM=linux\0")
            .pidNamespace("pid:[4026532555]");
    Virtualization v = detect(t);
    assertEquals("container", v.kind());
    assertEquals("lxc", v.detail());
    assertEvidence(v, "/proc/1/environ: container=lxc");
  }

  @Test
  void pid1WordBeatsAMarkerFileFromTheRootFilesystem() {
    // the lab's OCI container: the host root (with the image's /.dockerenv) is its root
    FixtureTree t =
        Machines.bareMetal(dir)
            .file("proc/1/environ", "container=virtpath-oci\0")
            .file(".dockerenv", "")
            .pidNamespace("pid:[4026532555]");
    Virtualization v = detect(t);
    assertEquals("container", v.kind());
    assertEquals("other", v.detail());
  }

  @Test
  void theLabsOwnPidNamespaceIsTheHostNotAContainer() {
    // the lab's host target: PID 1 of its namespace is the supervised lab itself
    FixtureTree t =
        Machines.bareMetal(dir)
            .file("proc/1/environ", "PATH=/usr/bin\0VIRTPATH_SUPERVISOR=4242:99\0")
            .file(".dockerenv", "") // this machine's image has one
            .pidNamespace("pid:[4026532555]")
            .link("proc/1/ns/pid", "pid:[4026532555]");
    Virtualization v = detect(t);
    assertEquals("none", v.kind(), v.evidence().toString());
    assertEvidence(v, "/proc/self/ns/pid: pid:[4026532555] (the PID namespace of virtpath's lab, whose"
        + " PID 1 carries VIRTPATH_SUPERVISOR: the host, not a container)");
  }

  @Test
  void aContainerInsideTheLabIsStillAContainer() {
    // the container target: its own PID namespace, nested in the lab's; PID 1 is the container's
    FixtureTree t =
        Machines.bareMetal(dir)
            .file("proc/1/environ", "container=virtpath-oci\0")
            .pidNamespace("pid:[4026532999]")
            .link("proc/1/ns/pid", "pid:[4026532999]");
    assertEquals("container", detect(t).kind());
  }

  @Test
  void nspawnFromPid1Environment() {
    FixtureTree t = Machines.bareMetal(dir).file("proc/1/environ", "container=systemd-nspawn\0");
    assertEquals("nspawn", detect(t).detail());
  }

  @Test
  void podmanFromContainerenv() {
    FixtureTree t =
        Machines.bareMetal(dir)
            .file("run/.containerenv", "engine=\"podman-4.9.3\"\n")
            .pidNamespace("pid:[4026532777]")
            .mountinfo(
                "100 90 0:60 / / rw - overlay overlay rw,lowerdir=/a,upperdir=/b,workdir=/c");
    Virtualization v = detect(t);
    assertEquals("container", v.kind());
    assertEquals("podman", v.detail());
    assertEvidence(v, "/run/.containerenv exists");
  }

  @Test
  void openVzContainerHasVzWithoutBc() {
    FixtureTree t = Machines.bareMetal(dir).dir("proc/vz");
    Virtualization v = detect(t);
    assertEquals("container", v.kind());
    assertEquals("openvz", v.detail());
  }

  @Test
  void openVzHostNodeIsNotAContainer() {
    FixtureTree t = Machines.bareMetal(dir).dir("proc/vz").dir("proc/bc");
    Virtualization v = detect(t);
    assertEquals("none", v.kind());
    assertEvidence(v, "OpenVZ host node");
  }

  @Test
  void vmwareIsAHypervisor() {
    FixtureTree t =
        Machines.bareMetal(dir)
            .cpuinfo(true)
            .dmi("VMware, Inc.", "VMware Virtual Platform", "Phoenix Technologies LTD");
    Virtualization v = detect(t);
    assertEquals("hypervisor", v.kind());
    assertEquals("vmware", v.detail());
  }

  @Test
  void hyperVFromDmiVirtualMachine() {
    FixtureTree t =
        Machines.bareMetal(dir)
            .cpuinfo(true)
            .dmi("Microsoft Corporation", "Virtual Machine", "Microsoft Corporation")
            .clocksources("hyperv_clocksource_tsc_page acpi_pm", "hyperv_clocksource_tsc_page");
    Virtualization v = detect(t);
    assertEquals("hypervisor", v.kind());
    assertEquals("hyperv", v.detail());
  }

  @Test
  void xenFromSysHypervisorWithoutDmi() {
    FixtureTree t = new FixtureTree(dir);
    Machines.common(t).cpuinfo(true).file("sys/hypervisor/type", "xen\n");
    Virtualization v = detect(t);
    assertEquals("hypervisor", v.kind());
    assertEquals("xen", v.detail());
    assertEvidence(v, "/sys/hypervisor/type: xen");
  }

  @Test
  void firecrackerIsKvmNamedByItsAcpiTables() {
    FixtureTree t = new FixtureTree(dir);
    Machines.common(t)
        .cpuinfo(true)
        .clocksources("tsc kvm-clock", "tsc")
        .bytes("sys/firmware/acpi/tables/DSDT", Machines.acpiHeader("DSDT", "FIRECK", "FCVMDSDT"));
    Virtualization v = detect(t);
    assertEquals("kvm", v.kind());
    assertEquals("firecracker", v.detail());
    assertEvidence(v, "ACPI table OEM: FIRECK/FCVMDSDT (DSDT)");
  }

  @Test
  void staleDockerenvOnAVmRootIsIgnored() {
    FixtureTree t = Machines.kvmGuest(dir).file(".dockerenv", "");
    Virtualization v = detect(t);
    assertEquals("kvm", v.kind());
    assertEvidence(v, "/.dockerenv ignored");
  }

  @Test
  void dockerenvAloneDecidesWhenThePidNamespaceIsUnknown() {
    FixtureTree t = Machines.bareMetal(dir).file(".dockerenv", "");
    t.root.resolve("proc/self/ns/pid").toFile().delete();
    Virtualization v = detect(t);
    assertEquals("container", v.kind());
    assertEquals("docker", v.detail());
  }

  @Test
  void emptyRootIsNoneAndDoesNotThrow() {
    Virtualization v = detect(new FixtureTree(dir));
    assertEquals("none", v.kind());
    assertEvidence(v, "cannot read /sys/class/dmi/id/sys_vendor (missing)");
  }
}
