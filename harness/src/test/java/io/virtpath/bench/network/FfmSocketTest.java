package io.virtpath.bench.network;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.peer.Peer;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The FFM client against the real peer, over loopback only. */
class FfmSocketTest {
  private Peer peer;
  private Arena arena;

  @BeforeEach
  void start() {
    peer = Peer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    arena = Arena.ofShared();
  }

  @AfterEach
  void stop() {
    peer.close();
    arena.close();
  }

  @Test
  void sockaddrInIsLaidOutForTheKernel() throws Exception {
    SockAddr a =
        SockAddr.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 7000), arena);
    assertArrayEquals(
        new byte[] {2, 0, 0x1b, 0x58, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
        a.segment().toArray(JAVA_BYTE));
    assertEquals("127.0.0.1:7000", a.text());
    SockAddr b = SockAddr.of(new InetSocketAddress(InetAddress.getByName("::1"), 7000), arena);
    byte[] v6 = b.segment().toArray(JAVA_BYTE);
    assertEquals(28, v6.length);
    assertEquals(10, v6[0]); // AF_INET6, little-endian host order
    assertEquals(0x1b, v6[2]);
    assertEquals(0x58, v6[3]);
    assertEquals(1, v6[23]); // last byte of ::1
    assertEquals("[0:0:0:0:0:0:0:1]:7000", b.text());
  }

  @Test
  void tcpRoundTripsBytesThroughThePeer() {
    SockAddr to = SockAddr.of(peer.address(), arena);
    try (FfmSocket s = FfmSocket.connectTcp(to, (byte) 'E', true, Duration.ofSeconds(5), arena)) {
      for (int size : new int[] {1, 1024, 200_000}) {
        MemorySegment out = NetworkBenchmark.payload(arena, size);
        MemorySegment in = arena.allocate(size);
        // 200 kB exceeds what loopback moves in one send: exercises the partial-send loops too,
        // with the peer's echo flowing back while we still send. (Both threads share the socket's
        // errno capture, which is only read after a failure.)
        Thread writer = Thread.ofPlatform().start(() -> s.sendFully(out, size));
        s.recvFully(in, size);
        join(writer);
        assertEquals(-1, out.mismatch(in), "echo differs for size " + size);
      }
    }
  }

  @Test
  void ipv6LoopbackRoundTrip() throws Exception {
    try (Peer v6 = Peer.start(new InetSocketAddress(InetAddress.getByName("::1"), 0));
        FfmSocket s =
            FfmSocket.connectTcp(
                SockAddr.of(v6.address(), arena), (byte) 'E', true, Duration.ofSeconds(5), arena)) {
      MemorySegment out = NetworkBenchmark.payload(arena, 16);
      MemorySegment in = arena.allocate(16);
      NetworkBenchmark.roundTrip(s, out, in, 16);
      assertEquals(-1, out.mismatch(in));
    }
  }

  @Test
  void streamReachesTheSink() throws Exception {
    SockAddr to = SockAddr.of(peer.address(), arena);
    MemorySegment chunk = NetworkBenchmark.payload(arena, NetworkBenchmark.STREAM_CHUNK);
    try (FfmSocket s = FfmSocket.connectTcp(to, (byte) 'S', false, Duration.ofSeconds(5), arena)) {
      for (int i = 0; i < 64; i++) {
        s.sendFully(chunk, NetworkBenchmark.STREAM_CHUNK);
      }
    }
    long expected = 64L * NetworkBenchmark.STREAM_CHUNK + 1;
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (peer.stats().tcpBytesIn() < expected && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(expected, peer.stats().tcpBytesIn());
  }

  @Test
  void benchmarkStatesWorkAgainstThePeer() {
    System.setProperty("virtpath.peer", "127.0.0.1:" + peer.address().getPort());
    try {
      NetworkBenchmark bench = new NetworkBenchmark();

      NetworkBenchmark.TcpConnectState c = new NetworkBenchmark.TcpConnectState();
      c.setup();
      for (int i = 0; i < 100; i++) {
        bench.tcpConnectClose(c);
      }
      c.tearDown();
      assertEquals(100, peer.stats().connections());

      NetworkBenchmark.TcpEchoState e = new NetworkBenchmark.TcpEchoState();
      e.setup();
      assertEquals('a', bench.tcpRoundTrip1b(e));
      assertEquals((byte) ('a' + 1023 % 26), bench.tcpRoundTrip1k(e));
      e.tearDown();

      NetworkBenchmark.UdpEchoState u = new NetworkBenchmark.UdpEchoState();
      u.setup();
      u.resetRetries();
      for (int i = 1; i <= 100; i++) {
        assertEquals(i, bench.udpRoundTrip64b(u));
      }
      assertEquals(0, u.retriesTotal);
      u.tearDown();
      assertEquals(100, peer.stats().datagrams());
    } finally {
      System.clearProperty("virtpath.peer");
    }
  }

  @Test
  void unixBaselineEchoesAndItsThreadEnds() throws Exception {
    NetworkBenchmark.UnixEchoState s = new NetworkBenchmark.UnixEchoState();
    s.setup();
    Thread echo = findThread("virtpath-unix-echo");
    for (int i = 0; i < 1000; i++) {
      assertEquals('a', new NetworkBenchmark().baselineUnixRoundTrip(s));
    }
    s.tearDown();
    assertTrue(!echo.isAlive());
  }

  @Test
  void aPeerThatStopsAnsweringFailsWithinTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      SockAddr to =
          SockAddr.of(new InetSocketAddress(silent.getInetAddress(), silent.getLocalPort()), arena);
      try (FfmSocket s =
          FfmSocket.connectTcp(to, (byte) 'E', true, Duration.ofMillis(200), arena)) {
        Socket accepted = silent.accept(); // closed below, to end the connection mid-test
        MemorySegment b = arena.allocate(1);
        long start = System.nanoTime();
        IllegalStateException e =
            assertThrows(IllegalStateException.class, () -> s.recvFully(b, 1));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 150 && ms < 2000, "took " + ms + " ms");
        assertTrue(e.getMessage().contains("no data for 200 ms"), e.getMessage());
        accepted.close();
        // And a closed connection is reported as such.
        IllegalStateException closed =
            assertThrows(IllegalStateException.class, () -> s.recvFully(b, 1));
        assertTrue(closed.getMessage().contains("closed the connection"), closed.getMessage());
      }
    }
  }

  @Test
  void aClosedPortIsReportedAsRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    SockAddr to = SockAddr.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), arena);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> FfmSocket.connectTcp(to, (byte) 'E', true, Duration.ofSeconds(5), arena));
    assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
  }

  @Test
  void aLostDatagramIsResentAndCounted() throws Exception {
    // An echo that drops the first datagram: the round trip must survive one receive timeout.
    try (DatagramSocket lossy = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Thread echo =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                      lossy.receive(p); // dropped
                      p.setLength(2048);
                      lossy.receive(p);
                      lossy.send(p);
                    } catch (IOException e) {
                      // the assertions below tell what went wrong
                    }
                  });
      System.setProperty("virtpath.peer", "127.0.0.1:" + lossy.getLocalPort());
      NetworkBenchmark.UdpEchoState u = new NetworkBenchmark.UdpEchoState();
      try {
        u.setup();
        u.resetRetries();
        long start = System.nanoTime();
        assertEquals(1, u.roundTrip());
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, u.retriesTotal);
        assertTrue(ms >= 900, "waited for the timeout before resending: " + ms + " ms");
      } finally {
        u.tearDown();
        System.clearProperty("virtpath.peer");
      }
      echo.join(2000);
    }
  }

  @Test
  void aUdpPortWithoutPeerIsReportedAsRefused() throws Exception {
    int port;
    try (DatagramSocket d = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = d.getLocalPort();
    }
    System.setProperty("virtpath.peer", "127.0.0.1:" + port);
    NetworkBenchmark.UdpEchoState u = new NetworkBenchmark.UdpEchoState();
    try {
      u.setup();
      IllegalStateException e = assertThrows(IllegalStateException.class, u::roundTrip);
      assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
      assertEquals(0, u.retriesTotal, "an ICMP refusal is not a loss: no resend");
    } finally {
      u.tearDown();
      System.clearProperty("virtpath.peer");
    }
  }

  private static Thread findThread(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static void join(Thread t) {
    try {
      t.join(5000);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
