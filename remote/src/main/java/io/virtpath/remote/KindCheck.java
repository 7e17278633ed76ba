package io.virtpath.remote;

import io.virtpath.core.record.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks the kind the user stated for a target against the fingerprint taken inside it: a
 * "virtio" guest whose disk is driven by ata_piix is an emulated one, and its numbers would be
 * read under the wrong name. Free labels are not checked.
 */
final class KindCheck {
  private static final Set<String> VIRTIO_DISK = Set.of("virtio_blk", "virtio_scsi", "virtio-blk", "virtio-scsi");
  private static final Set<String> EMULATED_DISK = Set.of("ata_piix", "ahci", "sym53c8xx", "megaraid_sas", "mptspi",
      "mptsas", "lsi53c895a", "nvme");
  private static final Set<String> VIRTIO_NIC = Set.of("virtio_net");
  private static final Set<String> EMULATED_NIC = Set.of("e1000", "e1000e", "8139cp", "8139too", "rtl8139", "ne2k-pci",
      "ne2k_pci", "pcnet32", "vmxnet3", "tulip");

  private KindCheck() {}

  /** The warnings for {@code kind}; empty when the fingerprint agrees or cannot tell. */
  static List<String> warnings(String kind, Fingerprint f) {
    List<String> w = new ArrayList<>();
    if (f == null) {
      return w;
    }
    String virt = f.virtualization() == null ? null : f.virtualization().kind();
    String disk = f.storage() == null ? null : f.storage().driver();
    String nic = f.network() == null ? null : f.network().driver();
    switch (kind) {
      case "virtio" -> {
        guest(kind, virt, w);
        if (disk != null && !VIRTIO_DISK.contains(disk)) {
          w.add(stated(kind) + "the scratch disk's driver is " + disk + (EMULATED_DISK.contains(disk)
              ? " (an emulated controller)" : "") + ", not virtio_blk or virtio_scsi");
        }
        if (nic != null && !VIRTIO_NIC.contains(nic) && !nic.equals("loopback")) {
          w.add(stated(kind) + "the NIC to the peer is driven by " + nic + ", not virtio_net");
        }
      }
      case "emulated" -> {
        guest(kind, virt, w);
        if (disk != null && VIRTIO_DISK.contains(disk)) {
          w.add(stated(kind) + "the scratch disk's driver is " + disk + " (paravirtual)");
        }
        if (nic != null && VIRTIO_NIC.contains(nic)) {
          w.add(stated(kind) + "the NIC to the peer is driven by " + nic + " (paravirtual)");
        }
      }
      case "container" -> {
        if (virt != null && !virt.equals("container")) {
          w.add(stated(kind) + "the fingerprint finds virtualization '" + virt + "', not a container");
        }
      }
      case "host" -> {
        if (virt != null && !virt.equals("none")) {
          w.add(stated(kind) + "the fingerprint finds virtualization '" + virt + "' (a guest or a container)");
        }
      }
      default -> {
        // a free label: nothing to check it against
      }
    }
    return w;
  }

  private static void guest(String kind, String virt, List<String> w) {
    if (virt != null && (virt.equals("none") || virt.equals("container"))) {
      w.add(stated(kind) + "the fingerprint finds " + (virt.equals("none") ? "no virtualization" : "a container")
          + ", not a virtual machine");
    }
  }

  private static String stated(String kind) {
    return "stated kind '" + kind + "' but ";
  }
}
