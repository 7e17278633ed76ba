package io.virtpath.fingerprint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Hardware virtualization below the kernel: none, KVM, QEMU's TCG emulator or another hypervisor.
 *
 * <p>The kvm/TCG split matters most: under TCG every guest instruction is translated, so all
 * numbers are an order of magnitude off. DMI only says "QEMU" for both; what tells them apart is
 * kvm-clock, the paravirtual clock only KVM offers. The lab, which launched the guest and knows the
 * accelerator, may settle it with the system property {@code virtpath.accel}.
 */
final class HypervisorDetector {
  static final String KVM = "kvm";
  static final String TCG = "qemu-tcg";
  static final String OTHER = "hypervisor";
  static final String NONE = "none";

  /**
   * @param kind none, kvm, qemu-tcg or hypervisor
   * @param vendor the virtual machine monitor (qemu, firecracker, vmware, hyperv, xen ...) or null
   */
  record Hypervisor(String kind, String vendor, List<String> evidence) {}

  private static final String DMI = "sys/class/dmi/id/";
  private static final String CLOCKSOURCES =
      "sys/devices/system/clocksource/clocksource0/available_clocksource";

  private final RootFs fs;
  private final String accelProperty;

  HypervisorDetector(RootFs fs, String accelProperty) {
    this.fs = fs;
    this.accelProperty = accelProperty;
  }

  Hypervisor detect() {
    List<String> evidence = new ArrayList<>();

    String sysVendor = fs.readTrimmed(DMI + "sys_vendor");
    String product = fs.readTrimmed(DMI + "product_name");
    String bios = fs.readTrimmed(DMI + "bios_vendor");
    String dmiVendor = null;
    if (sysVendor != null || product != null || bios != null) {
      evidence.add(
          "DMI: sys_vendor=" + sysVendor + ", product_name=" + product + ", bios_vendor=" + bios);
      dmiVendor = vendorFromDmi(sysVendor, product, bios);
    } else {
      evidence.add("DMI: " + fs.cannotRead(DMI + "sys_vendor"));
    }

    // Firecracker and cloud-hypervisor have no DMI; their ACPI tables still name them.
    String acpiOem = acpiOem();
    String acpiVendor = null;
    if (acpiOem != null) {
      evidence.add("ACPI table OEM: " + acpiOem);
      acpiVendor = vendorFromAcpi(acpiOem);
    }

    boolean flag = cpuFlags().contains("hypervisor");
    if (flag) {
      evidence.add("/proc/cpuinfo flags: hypervisor");
    }

    String hypervisorType = fs.readTrimmed("sys/hypervisor/type");
    if (hypervisorType != null) {
      evidence.add("/sys/hypervisor/type: " + hypervisorType);
    }

    List<String> clocks = words(fs.readTrimmed(CLOCKSOURCES));
    boolean kvmClock = clocks.contains("kvm-clock");
    if (!clocks.isEmpty()) {
      evidence.add(
          "available clocksources: "
              + String.join(" ", clocks)
              + (kvmClock ? " (kvm-clock: KVM paravirtual clock, so KVM is the accelerator)" : ""));
    }

    String vendor = firstNonNull(dmiVendor, acpiVendor, hypervisorType);
    if (vendor == null && clocks.contains("hyperv_clocksource_tsc_page")) {
      vendor = "hyperv";
    }
    boolean qemu = "qemu".equals(vendor);

    String accel = accel(evidence);
    boolean virtual = flag || vendor != null || kvmClock || hypervisorType != null;
    if (accel != null) {
      if (TCG.equals(accel) && kvmClock) {
        evidence.add("conflict: kvm-clock is present although virtpath.accel says TCG");
      }
      if (!virtual) {
        evidence.add("conflict: virtpath.accel is set but no file shows a hypervisor");
      }
      return new Hypervisor(accel, vendor == null ? "qemu" : vendor, evidence);
    }
    if (!virtual) {
      evidence.add("no hypervisor flag, DMI vendor, ACPI OEM or paravirtual clock");
      return new Hypervisor(NONE, null, evidence);
    }
    if (kvmClock) {
      return new Hypervisor(KVM, vendor, evidence);
    }
    if (qemu) {
      evidence.add("QEMU without kvm-clock: TCG (set -Dvirtpath.accel=kvm if the guest hides it)");
      return new Hypervisor(TCG, vendor, evidence);
    }
    return new Hypervisor(OTHER, vendor, evidence);
  }

  /** The lab's word: "kvm" or "tcg"/"qemu-tcg"; anything else is reported and ignored. */
  private String accel(List<String> evidence) {
    if (accelProperty == null || accelProperty.isBlank()) {
      return null;
    }
    String v = accelProperty.strip().toLowerCase(Locale.ROOT);
    String accel =
        switch (v) {
          case "kvm" -> KVM;
          case "tcg", "qemu-tcg" -> TCG;
          default -> null;
        };
    evidence.add(
        "system property virtpath.accel="
            + accelProperty
            + (accel == null ? " (not kvm or tcg: ignored)" : " (set by the lab)"));
    return accel;
  }

  private List<String> cpuFlags() {
    String cpuinfo = fs.read("proc/cpuinfo");
    if (cpuinfo == null) {
      return List.of();
    }
    for (String line : cpuinfo.split("\n")) {
      // x86 says "flags", arm64 "Features"; the hypervisor bit only exists on x86.
      if (line.startsWith("flags") && line.contains(":")) {
        return words(line.substring(line.indexOf(':') + 1));
      }
    }
    return List.of();
  }

  /**
   * "OEMID/TABLEID" of the DSDT (or FACP) header: bytes 10-15 and 16-23. Root-only on most hosts.
   */
  private String acpiOem() {
    for (String table : List.of("DSDT", "FACP", "APIC")) {
      byte[] head = fs.readHead("sys/firmware/acpi/tables/" + table, 24);
      if (head != null && head.length == 24) {
        String oem = new String(head, 10, 6, StandardCharsets.US_ASCII).strip();
        String tableId = new String(head, 16, 8, StandardCharsets.US_ASCII).strip();
        return oem + "/" + tableId + " (" + table + ")";
      }
    }
    return null;
  }

  static String vendorFromDmi(String sysVendor, String product, String bios) {
    String all = (sysVendor + "|" + product + "|" + bios).toLowerCase(Locale.ROOT);
    String prod = String.valueOf(product).toLowerCase(Locale.ROOT);
    if (all.contains("qemu") || all.contains("bochs") || prod.equals("kvm")) {
      return "qemu";
    }
    if (all.contains("vmware")) {
      return "vmware";
    }
    // Plain "Microsoft Corporation" is also a Surface laptop; only "Virtual Machine" is Hyper-V.
    if (all.contains("microsoft") && prod.contains("virtual machine")) {
      return "hyperv";
    }
    if (all.contains("xen")) {
      return "xen";
    }
    if (all.contains("innotek") || all.contains("virtualbox")) {
      return "virtualbox";
    }
    if (all.contains("parallels")) {
      return "parallels";
    }
    if (all.contains("bhyve")) {
      return "bhyve";
    }
    if (all.contains("cloud hypervisor")) {
      return "cloud-hypervisor";
    }
    if (all.contains("firecracker")) {
      return "firecracker";
    }
    if (all.contains("amazon ec2")) {
      return "amazon";
    }
    if (all.contains("google compute engine")) {
      return "google";
    }
    if (all.contains("openstack")) {
      return "openstack";
    }
    return null;
  }

  static String vendorFromAcpi(String oem) {
    String o = oem.toUpperCase(Locale.ROOT);
    if (o.startsWith("FIRECK")) {
      return "firecracker";
    }
    if (o.startsWith("BOCHS") || o.contains("/BXPC")) {
      return "qemu";
    }
    if (o.startsWith("CLOUDH")) {
      return "cloud-hypervisor";
    }
    if (o.startsWith("VMWARE")) {
      return "vmware";
    }
    if (o.startsWith("VRTUAL") || o.contains("MICROSFT")) {
      return "hyperv";
    }
    if (o.startsWith("VBOX")) {
      return "virtualbox";
    }
    if (o.startsWith("XEN")) {
      return "xen";
    }
    return null;
  }

  static List<String> words(String s) {
    if (s == null || s.isBlank()) {
      return List.of();
    }
    return Arrays.asList(s.strip().split("\\s+"));
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
