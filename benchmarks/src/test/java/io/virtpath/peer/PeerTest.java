package io.virtpath.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PeerTest {
  private static final InetSocketAddress ANY_LOOPBACK_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private static Socket connect(Peer peer, char mode) throws Exception {
    Socket s = new Socket();
    s.connect(peer.address(), 2000);
    s.setSoTimeout(5000);
    s.getOutputStream().write(mode);
    return s;
  }

  @Test
  void echoModeSendsEveryByteBack() throws Exception {
    try (Peer peer = Peer.start(ANY_LOOPBACK_PORT);
        Socket s = connect(peer, 'E')) {
      byte[] msg = new byte[100_000]; // several segments and several peer reads
      for (int i = 0; i < msg.length; i++) {
        msg[i] = (byte) (i * 31);
      }
      OutputStream out = s.getOutputStream();
      DataInputStream in = new DataInputStream(s.getInputStream());
      // Write from another thread: the echo comes back while we are still sending.
      Thread writer = Thread.ofPlatform().start(() -> write(out, msg));
      byte[] back = new byte[msg.length];
      in.readFully(back);
      writer.join();
      assertArrayEquals(msg, back);
      assertEquals(1, peer.stats().connections());
      assertEquals(msg.length + 1, peer.stats().tcpBytesIn());
    }
  }

  private static void write(OutputStream out, byte[] b) {
    try {
      out.write(b);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @Test
  void sinkModeReadsUntilEndOfStreamAndAnswersNothing() throws Exception {
    try (Peer peer = Peer.start(ANY_LOOPBACK_PORT);
        Socket s = connect(peer, 'S')) {
      byte[] chunk = new byte[64 * 1024];
      for (int i = 0; i < 32; i++) {
        s.getOutputStream().write(chunk);
      }
      s.shutdownOutput();
      // The peer answers nothing and closes after our FIN: the first read is end of stream.
      assertEquals(-1, s.getInputStream().read());
      waitFor(() -> peer.stats().open() == 0);
      assertEquals(32L * chunk.length + 1, peer.stats().tcpBytesIn());
      assertEquals(0, peer.stats().tcpBytesOut());
    }
  }

  @Test
  void connectModeIsClosedByThePeerAtOnce() throws Exception {
    try (Peer peer = Peer.start(ANY_LOOPBACK_PORT)) {
      for (int i = 0; i < 50; i++) {
        try (Socket s = connect(peer, 'C')) {
          assertEquals(-1, s.getInputStream().read());
        }
      }
      assertEquals(50, peer.stats().connections());
    }
  }

  @Test
  void unknownModeIsClosed() throws Exception {
    try (Peer peer = Peer.start(ANY_LOOPBACK_PORT);
        Socket s = connect(peer, 'x')) {
      assertEquals(-1, s.getInputStream().read());
    }
  }

  @Test
  void servesSeveralClientsAtOnce() throws Exception {
    int clients = 8;
    try (Peer peer = Peer.start(ANY_LOOPBACK_PORT)) {
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < clients; i++) {
          sockets.add(connect(peer, 'E'));
        }
        waitFor(() -> peer.stats().open() == clients);
        // All connections are open together; each gets its own answers.
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
          List<Future<Boolean>> results = new ArrayList<>();
          for (int i = 0; i < clients; i++) {
            Socket s = sockets.get(i);
            byte id = (byte) i;
            results.add(pool.submit(() -> pingPong(s, id, 200)));
          }
          for (Future<Boolean> r : results) {
            assertTrue(r.get());
          }
        } finally {
          pool.shutdownNow();
        }
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
      waitFor(() -> peer.stats().open() == 0);
      assertEquals(clients, peer.stats().connections());
    }
  }

  private static boolean pingPong(Socket s, byte id, int rounds) throws Exception {
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    for (int i = 0; i < rounds; i++) {
      out.write(id);
      if (in.read() != (id & 0xff)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void udpDatagramsComeBackToTheirSenderOnTheTcpPort() throws Exception {
    try (Peer peer = Peer.start(ANY_LOOPBACK_PORT);
        DatagramSocket a = new DatagramSocket();
        DatagramSocket b = new DatagramSocket()) {
      a.setSoTimeout(5000);
      b.setSoTimeout(5000);
      for (int i = 0; i < 10; i++) {
        assertEquals("a" + i, udpEcho(a, peer.address(), "a" + i));
        assertEquals("b" + i, udpEcho(b, peer.address(), "b" + i));
      }
      assertEquals(20, peer.stats().datagrams());
    }
  }

  private static String udpEcho(DatagramSocket s, InetSocketAddress to, String msg)
      throws Exception {
    byte[] out = msg.getBytes(StandardCharsets.US_ASCII);
    s.send(new DatagramPacket(out, out.length, to));
    DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
    s.receive(p);
    assertEquals(to, p.getSocketAddress());
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
  }

  @Test
  void ipv6LoopbackWorks() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    try (Peer peer = Peer.start(new InetSocketAddress(v6, 0));
        Socket s = connect(peer, 'E');
        DatagramSocket d = new DatagramSocket(new InetSocketAddress(v6, 0))) {
      s.getOutputStream().write(42);
      assertEquals(42, s.getInputStream().read());
      d.setSoTimeout(5000);
      assertEquals("v6", udpEcho(d, peer.address(), "v6"));
    }
  }

  @Test
  void closeEndsEveryThreadReleasesThePortAndIsIdempotent() throws Exception {
    Peer peer = Peer.start(ANY_LOOPBACK_PORT);
    InetSocketAddress bound = peer.address();
    assertNotEquals(0, bound.getPort());
    Socket echo = connect(peer, 'E');
    Socket sink = connect(peer, 'S');
    waitFor(() -> peer.stats().open() == 2);
    waitFor(() -> peerThreads() == 4); // accept, udp and one thread per connection

    peer.close();
    peer.close();
    peer.awaitTermination(); // returns at once: closed

    assertEquals(0, peerThreads(), "threads left after close");
    assertEquals(-1, echo.getInputStream().read(), "client connection closed by the peer");
    echo.close();
    sink.close();
    // The same port, TCP and UDP, can be bound again at once.
    try (Peer again = Peer.start(bound)) {
      assertEquals(bound, again.address());
      try (Socket s = connect(again, 'E')) {
        s.getOutputStream().write(7);
        assertEquals(7, s.getInputStream().read());
      }
    }
    assertEquals(0, peerThreads());
  }

  private static long peerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("virtpath-peer") && t.isAlive())
        .count();
  }

  @Test
  void aPortInUseIsAUsageError() throws Exception {
    try (Peer peer = Peer.start(ANY_LOOPBACK_PORT)) {
      UsageException e = assertThrows(UsageException.class, () -> Peer.start(peer.address()));
      assertTrue(
          e.getMessage().contains("cannot listen on 127.0.0.1:" + peer.address().getPort()),
          e.getMessage());
    }
  }

  @Test
  void aTakenUdpPortIsAUsageErrorForAFixedPort() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(ANY_LOOPBACK_PORT)) {
      InetSocketAddress a =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
      UsageException e = assertThrows(UsageException.class, () -> Peer.start(a));
      assertTrue(e.getMessage().contains("udp port " + a.getPort()), e.getMessage());
    }
    assertEquals(0, peerThreads());
  }

  @Test
  void serveLogsSummariesAndReturnsWhenClosed() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Peer peer = Peer.start(ANY_LOOPBACK_PORT);
    Thread server =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    peer.serve(log, Duration.ofMillis(50));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    try (Socket s = connect(peer, 'C')) {
      assertEquals(-1, s.getInputStream().read());
    }
    waitFor(() -> peer.stats().connections() == 1 && peer.stats().open() == 0);
    Thread.sleep(300); // the interval with traffic is logged, then six idle ones print nothing
    peer.close();
    server.join(2000);
    assertTrue(!server.isAlive(), "serve() returned after close()");
    String out = bytes.toString(StandardCharsets.UTF_8);
    // The connection's accept, its first byte and its close may fall into three intervals, no
    // more (a loaded CI machine showed the close alone in a third one).
    assertTrue(out.lines().count() <= 3, "lines only for intervals with traffic: " + out);
    assertTrue(out.lines().allMatch(l -> l.startsWith("peer: last ")), out);
    assertTrue(out.contains(" 1 connections"), out);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.sleep(5);
    }
  }
}
