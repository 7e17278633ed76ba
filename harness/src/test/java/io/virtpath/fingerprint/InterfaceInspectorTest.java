package io.virtpath.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterfaceInspectorTest {
  @TempDir Path dir;
  private final List<String> notes = new ArrayList<>();

  private InterfaceInspector.Interface inspect(FixtureTree t, String name) {
    return new InterfaceInspector(new RootFs(t.root), notes).inspect(name);
  }

  @Test
  void virtioNet() {
    var nic = inspect(Machines.kvmGuest(dir), "eth0");
    assertEquals("virtio_net", nic.driver());
    assertEquals(1500, nic.mtu());
  }

  @Test
  void emulatedE1000() {
    assertEquals("e1000", inspect(Machines.tcgGuest(dir), "ens3").driver());
  }

  @Test
  void loopback() {
    var nic = inspect(Machines.kvmGuest(dir), "lo");
    assertEquals("loopback", nic.driver());
    assertEquals(65536, nic.mtu());
  }

  @Test
  void vethInAContainer() {
    var nic = inspect(Machines.docker(dir), "eth0");
    assertEquals("veth", nic.driver());
    assertEquals(1500, nic.mtu());
  }

  @Test
  void tapAndTunFromTunFlags() {
    FixtureTree t = Machines.kvmGuest(dir);
    t.nic("tap0", "/sys/devices/virtual/net/tap0", 5, 5, 1, 1500)
        .file("sys/devices/virtual/net/tap0/tun_flags", "0x1002\n");
    t.nic("tun0", "/sys/devices/virtual/net/tun0", 6, 6, 65534, 1500)
        .file("sys/devices/virtual/net/tun0/tun_flags", "0x1001\n");
    assertEquals("tap", inspect(t, "tap0").driver());
    assertEquals("tun", inspect(t, "tun0").driver());
  }

  @Test
  void bridgeFromDevtypeOrBridgeDirectory() {
    FixtureTree t = Machines.kvmGuest(dir);
    t.nic("br0", "/sys/devices/virtual/net/br0", 4, 4, 1, 1500)
        .file("sys/devices/virtual/net/br0/uevent", "DEVTYPE=bridge\nINTERFACE=br0\nIFINDEX=4\n")
        .dir("sys/devices/virtual/net/br0/bridge");
    assertEquals("bridge", inspect(t, "br0").driver());
    t.file("sys/devices/virtual/net/br0/uevent", "INTERFACE=br0\n");
    assertEquals("bridge", inspect(t, "br0").driver());
  }

  @Test
  void unknownSoftwareInterfaceIsNullWithANote() {
    FixtureTree t = Machines.kvmGuest(dir);
    t.nic("ifb0", "/sys/devices/virtual/net/ifb0", 3, 3, 1, 1500);
    assertNull(inspect(t, "ifb0").driver());
    assertTrue(notes.get(0).contains("ifb0"), notes::toString);
  }

  @Test
  void missingInterfaceIsNullWithANote() {
    var nic = inspect(Machines.kvmGuest(dir), "wlan9");
    assertNull(nic.driver());
    assertNull(nic.mtu());
    assertTrue(notes.get(0).contains("/sys/class/net/wlan9"), notes::toString);
  }
}
