package io.virtpath.lab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.virtpath.lab.proc.ChildProcess;
import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real namespaces, veths, a bridge and a tap: needs root (the lab runs as root). */
@Tag("privileged")
class LabNetworkTest {
  private static final Duration T = Duration.ofSeconds(10);

  @TempDir Path logs;

  @BeforeAll
  static void needsRoot() throws IOException {
    assumeTrue(isRoot(), "network namespaces need root");
  }

  static boolean isRoot() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
  }

  static String newLabId() {
    return "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  }

  @Test
  void targetReachesPeerOverTheBridgeWithNothingInTheRootNamespace() throws Exception {
    String id = newLabId();
    List<String> rootLinksBefore = rootLinks();
    try (LabNetwork lab = LabNetwork.create(id, logs)) {
      Endpoint ep = lab.addNamespace("container");
      assertEquals("vp-" + id + "-container", ep.netns());
      assertEquals("10.77.0.2/24", ep.cidr());
      assertTrue(Files.exists(Path.of(ep.netnsPath())), ep.netnsPath());
      assertEquals(
          List.of("vp-" + id + "-container", "vp-" + id + "-lab"),
          LabNetwork.leftovers(id).stream().sorted().toList());

      String eth0 = ip("-n", ep.netns(), "-o", "link", "show", "eth0");
      assertTrue(eth0.contains("mtu 1500"), eth0);
      assertTrue(ip("-n", ep.netns(), "-o", "-4", "addr", "show", "eth0").contains("10.77.0.2/24"));
      String bridge = ip("-n", lab.labNamespace(), "-o", "-4", "addr", "show", "br0");
      assertTrue(bridge.contains("10.77.0.1/24"), bridge);

      Shell.Result ping = Shell.run(T, "ip", "netns", "exec", ep.netns(),
          "busybox", "ping", "-c", "1", "-W", "2", lab.peerIp());
      assertTrue(ping.ok(), ping.stdout() + ping.stderr());

      // A TCP exchange with a server in the lab namespace, where the peer will run.
      try (ChildProcess server = ChildProcess.start("server", List.of("ip", "netns", "exec",
          lab.labNamespace(), "busybox", "nc", "-l", "-p", "7000", "-e", "echo", "vp-hello"),
          logs)) {
        assertEquals("vp-hello", tcpClient(ep.netns(), lab.peerIp(), 7000));
        assertEquals(0, server.waitFor(T), "the server answered one connection and left");
      }
      assertEquals(rootLinksBefore, rootLinks(), "links in the initial network namespace");
    }
    assertEquals(List.of(), LabNetwork.leftovers(id));
  }

  @Test
  void closeKillsWhatRunsInsideAndRemovesEverything() throws Exception {
    String id = newLabId();
    LabNetwork lab = LabNetwork.create(id, logs);
    Endpoint ep = lab.addNamespace("a");
    lab.addTap("guest");
    ChildProcess sleeper = ChildProcess.start("sleeper",
        List.of("ip", "netns", "exec", ep.netns(), "sleep", "1000"), logs);
    ChildProcess peer = ChildProcess.start("peer",
        List.of("ip", "netns", "exec", lab.labNamespace(), "sleep", "1000"), logs);
    waitUntil(() -> !NetNs.pids(ep.netns()).isEmpty());
    lab.close();
    assertFalse(sleeper.isAlive(), "process in the target namespace survived close()");
    assertFalse(peer.isAlive(), "process in the lab namespace survived close()");
    assertEquals(List.of(), LabNetwork.leftovers(id));
    assertFalse(NetNs.list().contains(ep.netns()));
    lab.close(); // idempotent
    sleeper.close();
    peer.close();
  }

  @Test
  void twoLabsAtOnceDoNotCollide() throws Exception {
    String a = newLabId();
    String b = newLabId();
    LabNetwork labA = LabNetwork.create(a, logs.resolve("a"));
    try (LabNetwork labB = LabNetwork.create(b, logs.resolve("b"))) {
      Endpoint epA = labA.addNamespace("container");
      Endpoint epB = labB.addNamespace("container");
      assertEquals(epA.ip(), epB.ip(), "same address plan, separate namespaces");
      labA.close();
      Shell.Result ping = Shell.run(T, "ip", "netns", "exec", epB.netns(),
          "busybox", "ping", "-c", "1", "-W", "2", labB.peerIp());
      assertTrue(ping.ok(), "lab B lost its network when lab A closed: " + ping.stderr());
      assertEquals(List.of(), LabNetwork.leftovers(a));
      assertEquals(2, LabNetwork.leftovers(b).size());
    } finally {
      labA.close();
    }
    assertEquals(List.of(), LabNetwork.leftovers(b));
  }

  @Test
  void tapSitsOnTheBridgeInTheLabNamespace() throws Exception {
    String id = newLabId();
    try (LabNetwork lab = LabNetwork.create(id, logs)) {
      Endpoint ep = lab.addNamespace("container");
      TapEndpoint emulated = lab.addTap("emulated");
      TapEndpoint virtio = lab.addTap("virtio");
      assertEquals(lab.labNamespace(), emulated.netns());
      assertTrue(emulated.tap().length() <= 15);
      assertEquals("10.77.0.3/24", emulated.guestCidr());
      assertEquals("10.77.0.4", virtio.guestIp());
      assertFalse(emulated.mac().equals(virtio.mac()));
      int firstOctet = Integer.parseInt(emulated.mac().substring(0, 2), 16);
      assertEquals(2, firstOctet & 3, "locally administered unicast: " + emulated.mac());
      String link = ip("-n", lab.labNamespace(), "-o", "link", "show", emulated.tap());
      assertTrue(link.contains("master br0") && link.contains("mtu 1500"), link);
      assertTrue(ip("-n", lab.labNamespace(), "-o", "-d", "link", "show", emulated.tap())
          .contains("tun type tap"));
      assertFalse(rootLinks().contains(emulated.tap()));
      assertTrue(ep.ip().endsWith(".2"));
    }
    assertEquals(List.of(), LabNetwork.leftovers(id));
  }

  @Test
  void existingNamespaceIsNeitherReusedNorDeleted() throws Exception {
    String id = newLabId();
    String foreign = "vp-" + id + "-lab";
    Shell.run(T, "ip", "netns", "add", foreign).orThrow();
    try {
      IOException e = assertThrows(IOException.class, () -> LabNetwork.create(id, logs));
      assertTrue(e.getMessage().contains("already exists"), e.getMessage());
      assertEquals(List.of(foreign), LabNetwork.leftovers(id));
    } finally {
      Shell.run(T, "ip", "netns", "del", foreign);
    }
  }

  @Test
  void badNamesAreRejected() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> LabNetwork.create("a b", logs));
    try (LabNetwork lab = LabNetwork.create(newLabId(), logs)) {
      assertThrows(IllegalArgumentException.class, () -> lab.addNamespace("lab"));
      assertThrows(IllegalArgumentException.class, () -> lab.addNamespace("Bad/Name"));
      lab.addNamespace("x");
      assertThrows(IllegalArgumentException.class, () -> lab.addTap("x"));
    }
  }

  static String ip(String... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    return Shell.run(cmd, T).orThrow().stdout();
  }

  private static List<String> rootLinks() throws IOException {
    return ip("-o", "link", "show").lines()
        .map(l -> l.split(":\\s+")[1].split("@")[0])
        .sorted()
        .toList();
  }

  /** The server may need a moment to listen: retry the connection briefly. */
  private static String tcpClient(String netns, String host, int port) throws Exception {
    long deadline = System.nanoTime() + T.toNanos();
    Shell.Result r;
    do {
      r = Shell.run(T, "ip", "netns", "exec", netns, "busybox", "nc", host, "" + port);
      if (r.ok() && !r.stdout().isBlank()) {
        return r.stdout().strip();
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return "no answer: " + r.stderr();
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitUntil(Check check) throws Exception {
    long deadline = System.nanoTime() + T.toNanos();
    while (!check.ok()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached in " + T);
      Thread.sleep(20);
    }
  }
}
