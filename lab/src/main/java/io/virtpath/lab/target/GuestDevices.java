package io.virtpath.lab.target;

import io.virtpath.lab.guest.DiskModel;
import io.virtpath.lab.guest.NicModel;
import io.virtpath.lab.guest.Vhost;

/**
 * What a guest target really got, for the console: its device models, the drivers it should bind
 * and vhost's state with the reason when it starts; the drivers the guest reported when it ends.
 * A virtio target without vhost, or with a driver other than the expected one, measures another
 * path than its name says, and the reader should not have to open lab.json to learn that.
 */
record GuestDevices(DiskModel disk, NicModel nic, Vhost.Decision vhost) {

  /** "disk virtio-blk (expects driver virtio_blk), NIC virtio-net (expects virtio_net), vhost: on — ...". */
  String atStart() {
    return "disk " + disk.specName() + " (expects driver " + disk.expectedDriver() + "), NIC "
        + nic.specName() + " (expects " + nic.expectedDriver() + "), vhost: " + vhost.describe();
  }

  /** "guest drivers: disk virtio_blk, NIC virtio_net", each flagged when it is not the expected one. */
  String atEnd(String diskDriver, String nicDriver) {
    return "guest drivers: disk " + driver(diskDriver, disk.expectedDriver()) + ", NIC "
        + driver(nicDriver, nic.expectedDriver());
  }

  private static String driver(String reported, String expected) {
    if (reported == null) {
      return "not reported (expected " + expected + ")";
    }
    return reported.equals(expected)
        ? reported
        : reported + " (NOT the expected " + expected + ": another path was measured)";
  }
}
