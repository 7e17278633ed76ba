package io.virtpath.lab.guest;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The device model of the guest's NIC, its guest modules and the guest driver that must bind. */
public enum NicModel {
  /** Intel 82540EM: fully emulated, register accesses trap to QEMU. */
  E1000("e1000", "e1000", List.of("e1000"), "e1000"),
  /**
   * Realtek RTL8139C+. QEMU's model reports revision 0x20 (C+), which 8139cp drives; 8139too
   * refuses C+ chips when 8139cp exists ("use the 8139cp driver"), so only 8139cp is loaded.
   */
  RTL8139("rtl8139", "rtl8139", List.of("8139cp"), "8139cp"),
  /** Paravirtual NIC; with vhost the data path is in the host kernel instead of QEMU. */
  VIRTIO_NET("virtio-net", "virtio-net-pci", List.of("virtio_net"), "virtio_net");

  private final String specName;
  private final String qemuDevice;
  private final List<String> modules;
  private final String expectedDriver;

  NicModel(String specName, String qemuDevice, List<String> modules, String expectedDriver) {
    this.specName = specName;
    this.qemuDevice = qemuDevice;
    this.modules = modules;
    this.expectedDriver = expectedDriver;
  }

  public String specName() {
    return specName;
  }

  /** The QEMU {@code -device} driver name. */
  public String qemuDevice() {
    return qemuDevice;
  }

  public List<String> modules() {
    return modules;
  }

  /** The guest driver bound to eth0's device. */
  public String expectedDriver() {
    return expectedDriver;
  }

  public static NicModel fromSpec(String name) {
    for (NicModel m : values()) {
      if (m.specName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown NIC model '" + name + "': allowed are " + specNames());
  }

  public static String specNames() {
    return Arrays.stream(values()).map(NicModel::specName).collect(Collectors.joining(", "));
  }
}
