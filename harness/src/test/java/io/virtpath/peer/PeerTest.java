package io.virtpath.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
    waitFor(() -> peerThreads() == 5); // accept, udp, idle check and one thread per connection

    peer.close();
    peer.close();
    peer.awaitTermination(); // returns at once: closed

    // a pool's worker thread is still alive for a moment after the pool reports termination
    waitFor(() -> peerThreads() == 0);
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
    waitFor(() -> peerThreads() == 0);
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
  void serveLogsOneSummaryPerTriggeredIntervalWithTrafficAndReturnsWhenClosed() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ManualTrigger trigger = new ManualTrigger();
    Peer peer = Peer.start(ANY_LOOPBACK_PORT);
    Thread server =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    peer.serve(log, Duration.ofSeconds(10), trigger);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    try {
      trigger.awaitServing(); // serve() has taken its starting counts
      try (Socket s = connect(peer, 'C')) {
        assertEquals(-1, s.getInputStream().read());
      }
      waitFor(() -> peer.stats().connections() == 1 && peer.stats().open() == 0);
      trigger.fireAndAwaitSummary(); // the interval with the connection: one line
      trigger.fireAndAwaitSummary(); // two intervals with nothing: no line
      trigger.fireAndAwaitSummary();
    } finally {
      peer.close();
    }
    server.join(Duration.ofSeconds(30)); // a bound for a hung serve(), not a timing assumption
    assertFalse(server.isAlive(), "serve() returned after close()");
    assertEquals(
        List.of(
            "peer: last 10s: 1 connections (0 open), tcp 0.0 MB in / 0.0 MB out, udp 0 datagrams"),
        bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /** Summaries when the test says: each fire waits until serve() has printed (or skipped) it. */
  private static final class ManualTrigger implements Peer.SummaryTrigger {
    private final SynchronousQueue<Boolean> due = new SynchronousQueue<>();
    private final AtomicInteger waits = new AtomicInteger();

    @Override
    public boolean awaitNext(CountDownLatch terminated) throws InterruptedException {
      waits.incrementAndGet(); // serve() has finished the summary before: it waits again
      while (terminated.getCount() > 0) {
        if (due.poll(10, TimeUnit.MILLISECONDS) != null) {
          return true;
        }
      }
      return false;
    }

    void awaitServing() throws Exception {
      waitFor(() -> waits.get() > 0);
    }

    void fireAndAwaitSummary() throws Exception {
      awaitServing();
      int before = waits.get();
      due.put(Boolean.TRUE);
      waitFor(() -> waits.get() > before);
    }
  }

  @Test
  void connectionPastTheLimitIsClosedAtOnceAndCountedUntilOneCloses() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Peer peer = Peer.start(ANY_LOOPBACK_PORT, new Peer.Limits(2, Duration.ofSeconds(60)));
        Socket first = connect(peer, 'E');
        Socket second = connect(peer, 'E')) {
      assertEquals(1, echo(first, 1));
      assertEquals(2, echo(second, 2));
      assertEquals(2, peer.stats().open());

      try (Socket third = new Socket()) {
        third.connect(peer.address(), 5000);
        third.setSoTimeout(30_000);
        // It sends nothing: a byte the peer never reads would turn the peer's close into a reset.
        assertEquals(-1, third.getInputStream().read(), "refused: closed without an answer");
      }
      waitFor(() -> peer.stats().refused() == 1);
      assertEquals(2, peer.stats().connections(), "a refused connection is not a served one");
      assertEquals(3, echo(second, 3), "the open ones are untouched");
      String line =
          peer.stats().since(new Peer.Stats(0, 0, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(10), peer.limits());
      assertTrue(line.endsWith(", 1 refused (limit 2 open, --max-connections)"), line);

      first.close();
      waitFor(() -> peer.stats().open() == 1);
      try (Socket again = connect(peer, 'E')) {
        assertEquals(4, echo(again, 4));
      }
      assertEquals(1, peer.stats().refused());
      assertEquals(3, peer.stats().connections());
    }
  }

  private static int echo(Socket s, int b) throws Exception {
    s.getOutputStream().write(b);
    return s.getInputStream().read();
  }

  @Test
  void aConnectionThatSendsNothingForTheIdleTimeoutIsClosedOneThatSendsIsNot() throws Exception {
    AtomicLong now = new AtomicLong();
    long second = 1_000_000_000L;
    try (Peer peer =
            Peer.start(ANY_LOOPBACK_PORT, new Peer.Limits(4, Duration.ofSeconds(60)), now::get);
        Socket silent = new Socket();
        Socket talking = connect(peer, 'E')) {
      silent.connect(peer.address(), 5000);
      silent.setSoTimeout(30_000);
      assertEquals(1, echo(talking, 1));
      waitFor(() -> peer.stats().open() == 2);

      now.addAndGet(30 * second);
      assertEquals(2, echo(talking, 2)); // 'talking' sent at 30 s, 'silent' never
      now.addAndGet(31 * second);
      peer.closeIdle(); // the peer's own check runs too; either one closes
      assertEquals(-1, silent.getInputStream().read(), "silent for 61 s: closed");
      assertEquals(3, echo(talking, 3), "talking sent 31 s ago: open");
      waitFor(() -> peer.stats().open() == 1);
      // A read is noticed by the next check (the peer's clock is read there, not per read):
      // checked at 61 s, 'talking' is idle from then on.
      peer.closeIdle();
      now.addAndGet(60 * second);
      peer.closeIdle();
      assertEquals(-1, talking.getInputStream().read(), "then silent for 60 s: closed");
      waitFor(() -> peer.stats().open() == 0);
      assertEquals(2, peer.stats().idleClosed());
    }
  }

  @Test
  void idleTimeoutClosesOnTheRealClock() throws Exception {
    try (Peer peer = Peer.start(ANY_LOOPBACK_PORT, new Peer.Limits(4, Duration.ofMillis(200)));
        Socket s = new Socket()) {
      s.connect(peer.address(), 5000);
      s.setSoTimeout(60_000); // only bounds a broken peer: the close is the event waited for
      assertEquals(-1, s.getInputStream().read());
      waitFor(() -> peer.stats().idleClosed() == 1 && peer.stats().open() == 0);
      String line =
          peer.stats().since(new Peer.Stats(0, 0, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(10), peer.limits());
      assertTrue(line.endsWith(", 1 closed idle (nothing sent for 200ms, --idle-timeout)"), line);
    }
  }

  @Test
  void limitsOutOfRangeAreUsageErrors() {
    UsageException max =
        assertThrows(UsageException.class, () -> new Peer.Limits(0, Duration.ofSeconds(60)));
    assertEquals(
        "--max-connections 0: the peer must serve at least 1 connection at once (default 256)",
        max.getMessage());
    UsageException idle = assertThrows(UsageException.class, () -> new Peer.Limits(1, Duration.ZERO));
    assertEquals(
        "--idle-timeout 0s: give a number of seconds from 1 to 86400 (default 60)",
        idle.getMessage());
    assertThrows(UsageException.class, () -> new Peer.Limits(1, Duration.ofSeconds(Long.MAX_VALUE)));
  }

  /**
   * 2,000 idle connections against the default limits: 256 are held, the rest refused, and the
   * peer's memory grows by tens of MB. Before the limits every connection held a thread and a
   * zeroed 256 KiB buffer: +635 MB RSS for 2,000 (kept after they closed). Measured here: +32 MB
   * with the default limit, +81 MB with --max-connections 2000. The bound below is generous
   * (the machine's other tests share this JVM); it only has to catch the per-connection buffer.
   */
  @Test
  void twoThousandIdleConnectionsStayWithinTheLimitAndABoundedMemory() throws Exception {
    int clients = 2000;
    try (Peer peer = Peer.start(ANY_LOOPBACK_PORT)) {
      long before = rssKiB();
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < clients; i++) {
          Socket s = new Socket();
          sockets.add(s);
          s.connect(peer.address(), 30_000);
        }
        waitFor(() -> peer.stats().open() + peer.stats().refused() == clients);
        long growthMiB = (rssKiB() - before) / 1024;
        System.out.println(
            "peer: " + clients + " idle connections, RSS +" + growthMiB + " MiB, " + peer.stats());
        assertEquals(Peer.Limits.DEFAULT.maxConnections(), peer.stats().open());
        assertEquals(clients - Peer.Limits.DEFAULT.maxConnections(), peer.stats().refused());
        assertTrue(growthMiB < 200, "RSS grew by " + growthMiB + " MiB for idle connections");
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
      waitFor(() -> peer.stats().open() == 0);
    }
  }

  private static long rssKiB() throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("\\D", ""));
      }
    }
    throw new AssertionError("no VmRSS in /proc/self/status");
  }

  /** Waits for an event; the 60 s only turn a peer that never gets there into a failure. */
  private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 60 s");
      }
      Thread.sleep(5);
    }
  }
}
