package io.virtpath.fingerprint;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Fixture roots for the machines the lab meets, laid out as their kernels show them. */
final class Machines {
  private Machines() {}

  static final String PCI = "/sys/devices/pci0000:00";
  static final int ARPHRD_ETHER = 1;
  static final int ARPHRD_LOOPBACK = 772;

  /** A Dell server: no hypervisor flag, real DMI, tsc/hpet, SATA disk on ahci. */
  static FixtureTree bareMetal(Path dir) {
    FixtureTree t = new FixtureTree(dir);
    common(t)
        .cpuinfo(false)
        .dmi("Dell Inc.", "PowerEdge R640", "Dell Inc.")
        .clocksources("tsc hpet acpi_pm", "tsc");
    String ata = PCI + "/0000:00:17.0/ata3";
    String disk = ata + "/host2/target2:0:0/2:0:0:0/block/sda";
    t.disk(disk, "8:0", "none [mq-deadline] kyber bfq", "0")
        .partition(disk, "sda2", "8:2")
        .linkTo(disk.substring(1) + "/device", ata + "/host2/target2:0:0/2:0:0:0")
        .driver(ata + "/host2/target2:0:0/2:0:0:0", "scsi", "sd")
        .driver(PCI + "/0000:00:17.0", "pci", "ahci")
        .file(ata.substring(1) + "/host2/target2:0:0/2:0:0:0/model", "SAMSUNG MZ7LH480\n")
        .mountinfo(FixtureTree.mount("8:2", "/", "ext4", "/dev/sda2"));
    return t;
  }

  /** QEMU with KVM: DMI QEMU, kvm-clock, virtio-pci disk vda and NIC eth0. */
  static FixtureTree kvmGuest(Path dir) {
    FixtureTree t = new FixtureTree(dir);
    common(t)
        .cpuinfo(true)
        .dmi("QEMU", "Standard PC (Q35 + ICH9, 2009)", "SeaBIOS")
        .clocksources("kvm-clock tsc acpi_pm", "kvm-clock");
    String virtio = PCI + "/0000:00:04.0/virtio1";
    String disk = virtio + "/block/vda";
    t.disk(disk, "252:0", "[mq-deadline] none", "1")
        .partition(disk, "vda1", "252:1")
        .linkTo(disk.substring(1) + "/device", virtio)
        .driver(virtio, "virtio", "virtio_blk")
        .driver(PCI + "/0000:00:04.0", "pci", "virtio-pci")
        .file(virtio.substring(1) + "/vendor", "0x1af4\n")
        .file(virtio.substring(1) + "/device", "0x0002\n")
        .mountinfo(FixtureTree.mount("252:1", "/", "ext4", "/dev/vda1"));
    String nicDev = PCI + "/0000:00:03.0/virtio0";
    t.nic("eth0", nicDev + "/net/eth0", 2, 2, ARPHRD_ETHER, 1500)
        .linkTo("sys/class/net/eth0/device", nicDev)
        .driver(nicDev, "virtio", "virtio_net");
    return t;
  }

  /** QEMU without KVM: DMI QEMU, no kvm-clock, IDE disk sda behind ata_piix, e1000 NIC. */
  static FixtureTree tcgGuest(Path dir) {
    FixtureTree t = new FixtureTree(dir);
    common(t)
        .cpuinfo(true)
        .dmi("QEMU", "Standard PC (i440FX + PIIX, 1996)", "SeaBIOS")
        .clocksources("tsc hpet acpi_pm", "tsc");
    String lun = PCI + "/0000:00:01.1/ata1/host0/target0:0:0/0:0:0:0";
    String disk = lun + "/block/sda";
    t.disk(disk, "8:0", "none [mq-deadline] kyber bfq", "1")
        .partition(disk, "sda1", "8:1")
        .linkTo(disk.substring(1) + "/device", lun)
        .driver(lun, "scsi", "sd")
        .driver(PCI + "/0000:00:01.1", "pci", "ata_piix")
        .file(lun.substring(1) + "/model", "QEMU HARDDISK   \n")
        .file(lun.substring(1) + "/vendor", "ATA     \n")
        .mountinfo(FixtureTree.mount("8:1", "/", "ext4", "/dev/sda1"));
    String nicDev = PCI + "/0000:00:03.0";
    t.nic("ens3", nicDev + "/net/ens3", 2, 2, ARPHRD_ETHER, 1500)
        .linkTo("sys/class/net/ens3/device", nicDev)
        .driver(nicDev, "pci", "e1000");
    return t;
  }

  /** Docker (cgroup v2 with its own namespace shows "0::/"): overlay root, veth eth0. */
  static FixtureTree docker(Path dir) {
    FixtureTree t = new FixtureTree(dir);
    common(t)
        .cpuinfo(false)
        .clocksources("tsc hpet acpi_pm", "tsc")
        .pidNamespace("pid:[4026532301]")
        .file(".dockerenv", "")
        .file("proc/1/comm", "java\n")
        .file("proc/1/cgroup", "0::/\n")
        .file("proc/self/cgroup", "0::/\n")
        .mountinfo(
            "600 500 0:52 / / rw,relatime master:300 - overlay overlay rw,lowerdir=/var/lib/"
                + "docker/overlay2/l/ABC:/var/lib/docker/overlay2/l/DEF,upperdir=/x,workdir=/y",
            "601 600 0:55 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw");
    t.nic("eth0", "/sys/devices/virtual/net/eth0", 2, 7, ARPHRD_ETHER, 1500);
    return t;
  }

  /** Bits every Linux root has: identity, memory, CPUs, a loopback interface. */
  static FixtureTree common(FixtureTree t) {
    return t.file("proc/sys/kernel/hostname", "fixture\n")
        .file("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n")
        .file(
            "proc/version",
            "Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC"
                + " Debian 6.1.76-1 (2024-02-01)\n")
        .file("proc/meminfo", "MemTotal:        8136748 kB\nMemFree:         6936748 kB\n")
        .file("proc/self/status", "Name:\tjava\nSeccomp:\t0\nSeccomp_filters:\t0\n")
        .file("proc/1/comm", "systemd\n")
        .file("proc/1/environ", "HOME=/\0TERM=linux\0")
        .file("proc/1/cgroup", "0::/init.scope\n")
        .file("proc/self/cgroup", "0::/user.slice/user-1000.slice/session-3.scope\n")
        .file("sys/devices/system/cpu/online", "0-3\n")
        .file("sys/devices/system/cpu/vulnerabilities/meltdown", "Not affected\n")
        .file(
            "sys/devices/system/cpu/vulnerabilities/spectre_v2",
            "Mitigation: Retpolines; IBPB: conditional; IBRS_FW\n")
        .pidNamespace(FixtureTree.INITIAL_PID_NS)
        .nic("lo", "/sys/devices/virtual/net/lo", 1, 1, ARPHRD_LOOPBACK, 65536);
  }

  /** The 36-byte ACPI table header with the given OEM id and table id. */
  static byte[] acpiHeader(String signature, String oemId, String tableId) {
    byte[] h = new byte[36];
    put(h, 0, signature, 4);
    put(h, 10, oemId, 6);
    put(h, 16, tableId, 8);
    return h;
  }

  private static void put(byte[] h, int at, String s, int width) {
    byte[] b = String.format("%-" + width + "s", s).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, width);
  }
}
