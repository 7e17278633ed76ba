package io.virtpath.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.virtpath.core.UsageException;
import io.virtpath.core.record.Fingerprint.NetworkPath;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkDetectorTest {
  @TempDir Path dir;
  private final List<String> notes = new ArrayList<>();

  @Test
  void hostPortForms() {
    assertEquals(
        new NetworkDetector.HostPort("127.0.0.1", 9),
        NetworkDetector.HostPort.parse("127.0.0.1:9"));
    assertEquals(
        new NetworkDetector.HostPort("::1", 7000), NetworkDetector.HostPort.parse("[::1]:7000"));
    assertEquals(
        new NetworkDetector.HostPort("peer", 1), NetworkDetector.HostPort.parse(" peer:1 "));
    for (String bad : List.of("127.0.0.1", "::1:9", ":9", "h:", "h:0", "h:65536", "h:x")) {
      assertThrows(UsageException.class, () -> NetworkDetector.HostPort.parse(bad), bad);
    }
  }

  @Test
  void realLoopbackRoute() throws Exception {
    Route r = new UdpRouteLookup().find("127.0.0.1", 9, notes);
    assertNotNull(r, notes::toString);
    assertEquals("127.0.0.1", r.sourceAddress());
    String lo = NetworkInterface.getByInetAddress(InetAddress.getByName("127.0.0.1")).getName();
    assertEquals(lo, r.interfaceName());
    assertNotNull(r.mtu());
  }

  @Test
  void realIpv6LoopbackRoute() throws Exception {
    NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getByName("::1"));
    assumeTrue(lo != null, "no ::1 on this machine");
    Route r = new UdpRouteLookup().find("::1", 9, notes);
    assertNotNull(r, notes::toString);
    assertEquals(lo.getName(), r.interfaceName());
  }

  @Test
  void sysfsSideOnAFixtureWithTheKernelsRoute() {
    RouteLookup toEth0 = (h, p, n) -> new Route("eth0", "10.0.2.15", 9000);
    NetworkPath n =
        new NetworkDetector(new RootFs(Machines.kvmGuest(dir).root), toEth0, notes)
            .detect("10.0.2.2:7000", "vm-host");
    assertEquals("10.0.2.2:7000", n.peer());
    assertEquals("vm-host", n.peerMode());
    assertEquals("eth0", n.interfaceName());
    assertEquals("virtio_net", n.driver());
    assertEquals(1500, n.mtu()); // sysfs wins over the socket API's view
    assertEquals("10.0.2.15", n.sourceAddress());
  }

  @Test
  void noRouteLeavesFieldsNull() {
    RouteLookup none =
        (h, p, n) -> {
          n.add("network: no route to " + h);
          return null;
        };
    NetworkPath n =
        new NetworkDetector(new RootFs(dir), none, notes).detect("127.0.0.1:9", "loopback");
    assertEquals("127.0.0.1:9", n.peer());
    assertNull(n.interfaceName());
    assertNull(n.driver());
    assertTrue(notes.get(0).startsWith("network: no route"));
  }
}
