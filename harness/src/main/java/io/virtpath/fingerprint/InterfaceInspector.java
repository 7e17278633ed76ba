package io.virtpath.fingerprint;

import java.nio.file.Path;
import java.util.List;

/**
 * What kind of interface carries the traffic, from /sys/class/net/IF alone.
 *
 * <p>A physical or emulated NIC has a {@code device/driver} link (e1000, 8139cp, virtio_net,
 * mlx5_core ...). Software interfaces have none and are told apart by what sysfs shows: uevent's
 * DEVTYPE (bridge, bond, vlan, macvlan ...), tun_flags (tun/tap), and for veth the pair link
 * (iflink, the peer's index, differs from ifindex) under /sys/devices/virtual/net.
 */
final class InterfaceInspector {
  /** IFF_TAP in tun_flags (include/uapi/linux/if_tun.h). */
  private static final int IFF_TAP = 0x0002;

  /** ARPHRD_LOOPBACK (include/uapi/linux/if_arp.h). */
  private static final String ARPHRD_LOOPBACK = "772";

  record Interface(String driver, Integer mtu) {}

  private final RootFs fs;
  private final List<String> notes;

  InterfaceInspector(RootFs fs, List<String> notes) {
    this.fs = fs;
    this.notes = notes;
  }

  Interface inspect(String name) {
    String dir = "sys/class/net/" + name + "/";
    if (!fs.isDirectory(dir)) {
      notes.add("network.driver unknown: " + fs.cannotRead(dir + "ifindex") + " for " + name);
      return new Interface(null, null);
    }
    Integer mtu = null;
    String m = fs.readTrimmed(dir + "mtu");
    if (m != null) {
      try {
        mtu = Integer.valueOf(m);
      } catch (NumberFormatException e) {
        notes.add("network.mtu: cannot parse " + RootFs.shown(dir + "mtu") + " \"" + m + "\"");
      }
    }
    return new Interface(driver(name, dir), mtu);
  }

  private String driver(String name, String dir) {
    if (ARPHRD_LOOPBACK.equals(fs.readTrimmed(dir + "type"))) {
      return "loopback";
    }
    Path device = fs.realPath(dir + "device");
    if (device != null) {
      String d = SysfsDriver.driverOf(device);
      if (d != null) {
        return d;
      }
      notes.add("network.driver unknown: " + name + " has a device without a bound driver");
      return null;
    }
    String devtype = devtype(fs.read(dir + "uevent"));
    if (devtype != null) {
      return devtype;
    }
    String tunFlags = fs.readTrimmed(dir + "tun_flags");
    if (tunFlags != null) {
      return isTap(tunFlags) ? "tap" : "tun";
    }
    if (fs.isDirectory(dir + "bridge")) {
      return "bridge";
    }
    if (fs.isDirectory(dir + "bonding")) {
      return "bond";
    }
    Path real = fs.realPath(dir);
    boolean virtual = real != null && real.toString().contains("/devices/virtual/net/");
    String ifindex = fs.readTrimmed(dir + "ifindex");
    String iflink = fs.readTrimmed(dir + "iflink");
    if (virtual && ifindex != null && iflink != null && !ifindex.equals(iflink)) {
      return "veth";
    }
    notes.add(
        "network.driver unknown: "
            + name
            + " is a software interface of a kind not recognised from sysfs (ifb, dummy ...?)");
    return null;
  }

  static String devtype(String uevent) {
    if (uevent == null) {
      return null;
    }
    for (String line : uevent.split("\n")) {
      if (line.startsWith("DEVTYPE=")) {
        String v = line.substring("DEVTYPE=".length()).strip();
        return v.isEmpty() ? null : v;
      }
    }
    return null;
  }

  private static boolean isTap(String tunFlags) {
    try {
      return (Integer.decode(tunFlags) & IFF_TAP) != 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
