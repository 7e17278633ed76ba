package io.virtpath.lab.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.lab.guest.DiskModel;
import io.virtpath.lab.guest.NicModel;
import io.virtpath.lab.guest.Vhost;
import org.junit.jupiter.api.Test;

/** The console says what each guest target really got: devices, drivers, vhost and why. */
class GuestDevicesTest {
  private static final GuestDevices VIRTIO = new GuestDevices(DiskModel.fromSpec("virtio-blk"),
      NicModel.VIRTIO_NET, new Vhost.Decision(Vhost.State.UNAVAILABLE, "/dev/vhost-net does not exist"));

  @Test
  void startLineNamesDevicesExpectedDriversAndVhostWithItsReason() {
    assertEquals("disk virtio-blk (expects driver virtio_blk), NIC virtio-net (expects virtio_net),"
        + " vhost: unavailable \u2014 /dev/vhost-net does not exist", VIRTIO.atStart());
    GuestDevices emulated = new GuestDevices(DiskModel.fromSpec("ide"), NicModel.E1000,
        new Vhost.Decision(Vhost.State.NOT_APPLICABLE, "e1000 is an emulated NIC"));
    assertEquals("disk ide (expects driver ata_piix), NIC e1000 (expects e1000),"
        + " vhost: not applicable \u2014 e1000 is an emulated NIC", emulated.atStart());
  }

  @Test
  void endLineGivesTheDriversAsTheGuestReportedThem() {
    assertEquals("guest drivers: disk virtio_blk, NIC virtio_net", VIRTIO.atEnd("virtio_blk", "virtio_net"));
  }

  @Test
  void endLineFlagsAnUnexpectedOrMissingDriver() {
    assertEquals("guest drivers: disk not reported (expected virtio_blk), NIC 8139cp (NOT the expected"
        + " virtio_net: another path was measured)", VIRTIO.atEnd(null, "8139cp"));
  }
}
