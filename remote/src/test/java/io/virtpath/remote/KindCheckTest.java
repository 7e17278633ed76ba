package io.virtpath.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.core.record.Fingerprint;
import java.util.List;
import org.junit.jupiter.api.Test;

class KindCheckTest {
  @Test
  void aVirtioGuestOnAnIdeDiskIsCalledOut() {
    assertEquals(List.of("stated kind 'virtio' but the scratch disk's driver is ata_piix (an emulated controller), not "
            + "virtio_blk or virtio_scsi"),
        KindCheck.warnings("virtio", fp("kvm", "ata_piix", "virtio_net")));
  }

  @Test
  void agreeingFingerprintsGiveNoWarning() {
    assertEquals(List.of(), KindCheck.warnings("virtio", fp("kvm", "virtio_blk", "virtio_net")));
    assertEquals(List.of(), KindCheck.warnings("emulated", fp("qemu-tcg", "ata_piix", "e1000")));
    assertEquals(List.of(), KindCheck.warnings("container", fp("container", "nvme", "veth")));
    assertEquals(List.of(), KindCheck.warnings("host", fp("none", "nvme", "eno1")));
    assertEquals(List.of(), KindCheck.warnings("my-label", fp("kvm", "ata_piix", "e1000")), "free labels are not checked");
  }

  @Test
  void anEmulatedGuestWithParavirtualDevices() {
    assertEquals(2, KindCheck.warnings("emulated", fp("kvm", "virtio_scsi", "virtio_net")).size());
  }

  @Test
  void aContainerOrHostThatIsAVirtualMachine() {
    assertEquals(List.of("stated kind 'container' but the fingerprint finds virtualization 'kvm', not a container"),
        KindCheck.warnings("container", fp("kvm", "virtio_blk", "virtio_net")));
    assertEquals(1, KindCheck.warnings("host", fp("kvm", "virtio_blk", "virtio_net")).size());
    assertEquals(List.of("stated kind 'virtio' but the fingerprint finds a container, not a virtual machine"),
        KindCheck.warnings("virtio", fp("container", "virtio_blk", "virtio_net")));
  }

  private static Fingerprint fp(String virt, String disk, String nic) {
    return new Fingerprint(1, "now", new Fingerprint.Virtualization(virt, null, List.of()), null, null,
        new Fingerprint.Storage("/s", "/", "ext4", "vda", disk, null, null, false),
        new Fingerprint.NetworkPath("p", "tcp", "eth0", nic, 1500, "10.0.0.2"), List.of());
  }
}
