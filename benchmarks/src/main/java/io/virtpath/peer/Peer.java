package io.virtpath.peer;

import io.virtpath.core.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The other end of the network suite: a TCP and a UDP socket on the same address and port.
 *
 * <p>TCP protocol: the client's first byte picks the mode. 'E' echoes every byte back as it arrives
 * (request/response), 'S' reads and drops everything until EOF (stream), 'C' closes at once
 * (connect test: the side that closes first holds TIME_WAIT, so it is the peer, not the client, and
 * the client never runs out of ephemeral ports). Any other byte closes the connection. UDP: every
 * datagram goes back to its sender unchanged.
 *
 * <p>Threads. One platform thread per TCP connection, blocking I/O, and one for UDP. The peer is
 * half of every measured round trip, so it must answer along the shortest path: a platform thread
 * blocked in read() is woken by the kernel directly, as netserver or sockperf's server would be. A
 * virtual thread would instead park, wait for the JDK's poller thread to see the socket ready, and
 * be rescheduled on a carrier thread: extra wake-ups that would be billed to the network. The
 * blocking channels used here do not poll() first (no timeouts are set), they go straight to the
 * read() syscall. Connection threads come from a cached pool so that the connect test does not pay
 * for a thread creation on every connection once the pool is warm.
 */
public final class Peer implements AutoCloseable {
  private static final int BIND_ATTEMPTS = 5;
  private static final int BACKLOG = 1024;
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);

  /** Big enough that the sink drains a full socket buffer in few read() calls. */
  private static final int TCP_BUFFER = 256 * 1024;

  private static final int UDP_BUFFER = 64 * 1024;

  private final ServerSocketChannel tcp;
  private final DatagramChannel udp;
  private final InetSocketAddress address;
  private final ExecutorService workers;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final ThreadLocal<ByteBuffer> buffers =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(TCP_BUFFER));
  private final LongAdder connections = new LongAdder();
  private final LongAdder tcpBytesIn = new LongAdder();
  private final LongAdder tcpBytesOut = new LongAdder();
  private final LongAdder datagrams = new LongAdder();
  private final LongAdder udpBytes = new LongAdder();
  private final Thread acceptThread;
  private final Thread udpThread;

  private Peer(ServerSocketChannel tcp, DatagramChannel udp) throws IOException {
    this.tcp = tcp;
    this.udp = udp;
    this.address = (InetSocketAddress) tcp.getLocalAddress();
    this.workers =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            Thread.ofPlatform().name("virtpath-peer-conn-", 0).daemon().factory());
    this.acceptThread =
        Thread.ofPlatform().name("virtpath-peer-accept").daemon().unstarted(this::acceptLoop);
    this.udpThread =
        Thread.ofPlatform().name("virtpath-peer-udp").daemon().unstarted(this::udpLoop);
  }

  /**
   * Listens on {@code listen} for TCP and UDP. With port 0 the kernel picks a free TCP port and the
   * UDP socket takes the same number (retried a few times if that UDP port happens to be taken).
   *
   * @throws UsageException if the address cannot be bound (in use, not a local address ...)
   */
  public static Peer start(InetSocketAddress listen) {
    if (listen.isUnresolved()) {
      throw new UsageException("cannot listen on " + listen + ": host is not resolved");
    }
    // The family of the address, not the JDK's dual-stack default: an IPv4 peer then runs on a
    // plain AF_INET socket, the same path a C server would take.
    ProtocolFamily family =
        listen.getAddress() instanceof Inet4Address
            ? StandardProtocolFamily.INET
            : StandardProtocolFamily.INET6;
    for (int attempt = 1; ; attempt++) {
      ServerSocketChannel tcp = null;
      DatagramChannel udp = null;
      try {
        tcp = ServerSocketChannel.open(family);
        tcp.bind(listen, BACKLOG);
        int port = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
        udp = DatagramChannel.open(family);
        try {
          udp.bind(new InetSocketAddress(listen.getAddress(), port));
        } catch (BindException e) {
          if (listen.getPort() == 0 && attempt < BIND_ATTEMPTS) {
            closeQuietly(udp);
            closeQuietly(tcp);
            continue; // the kernel's free TCP port is taken for UDP: draw another one
          }
          throw new UsageException(
              "cannot listen on "
                  + describe(listen)
                  + " (udp port "
                  + port
                  + "): "
                  + e.getMessage());
        }
        Peer p = new Peer(tcp, udp);
        p.acceptThread.start();
        p.udpThread.start();
        return p;
      } catch (BindException e) {
        closeQuietly(udp);
        closeQuietly(tcp);
        throw new UsageException(
            "cannot listen on "
                + describe(listen)
                + " (tcp): "
                + e.getMessage()
                + " (choose another port or address with --listen)");
      } catch (IOException e) {
        closeQuietly(udp);
        closeQuietly(tcp);
        throw new UncheckedIOException("cannot open the peer's sockets on " + listen, e);
      } catch (RuntimeException e) {
        closeQuietly(udp);
        closeQuietly(tcp);
        throw e;
      }
    }
  }

  /** The bound address; its port is the real one when 0 was asked for. */
  public InetSocketAddress address() {
    return address;
  }

  /** Counters since start. */
  public Stats stats() {
    return new Stats(
        connections.sum(),
        open.size(),
        tcpBytesIn.sum(),
        tcpBytesOut.sum(),
        datagrams.sum(),
        udpBytes.sum());
  }

  /** Blocks until {@link #close()} has finished (e.g. called by a shutdown hook). */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /**
   * Runs until the peer is closed, printing one summary line per {@code interval} in which
   * something happened (never one line per connection: the connect test makes thousands a second).
   * If the calling thread is interrupted the peer is closed and the interrupt rethrown.
   */
  public void serve(PrintStream log, Duration interval) throws InterruptedException {
    Stats last = stats();
    try {
      while (!terminated.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
        Stats now = stats();
        if (!now.equals(last)) {
          log.println(now.since(last, interval));
        }
        last = now;
      }
    } catch (InterruptedException e) {
      close();
      throw e;
    }
  }

  /**
   * Stops accepting, closes every connection and the UDP socket, and waits (up to 2 s per thread
   * group) for the peer's threads to end. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeQuietly(tcp);
    closeQuietly(udp);
    for (SocketChannel c : open) {
      closeQuietly(c); // wakes its thread out of read(); the interrupt below would as well
    }
    workers.shutdownNow();
    boolean interrupted = false;
    try {
      acceptThread.join(JOIN_TIMEOUT);
      udpThread.join(JOIN_TIMEOUT);
      workers.awaitTermination(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    terminated.countDown();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed.get()) {
      SocketChannel c;
      try {
        c = tcp.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (closed.get()) {
          return;
        }
        // Out of file descriptors or a connection reset before accept: let load settle, go on.
        pause();
        continue;
      }
      connections.increment();
      open.add(c);
      if (closed.get()) { // close() may have iterated over 'open' before the add
        open.remove(c);
        closeQuietly(c);
        return;
      }
      try {
        workers.execute(() -> handle(c));
      } catch (RejectedExecutionException e) {
        open.remove(c);
        closeQuietly(c);
      }
    }
  }

  private void handle(SocketChannel c) {
    try (c) {
      c.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ByteBuffer buf = buffers.get();
      buf.clear().limit(1);
      if (c.read(buf) != 1) {
        return;
      }
      tcpBytesIn.increment();
      switch (buf.get(0)) {
        case 'E' -> echo(c, buf);
        case 'S' -> sink(c, buf);
        default -> {} // 'C' and unknown modes: close now
      }
    } catch (IOException e) {
      // Reset by the client, or closed by close(): the connection is over either way.
    } finally {
      open.remove(c);
    }
  }

  private void echo(SocketChannel c, ByteBuffer buf) throws IOException {
    while (true) {
      buf.clear();
      int n = c.read(buf);
      if (n < 0) {
        return;
      }
      tcpBytesIn.add(n);
      buf.flip();
      while (buf.hasRemaining()) {
        c.write(buf);
      }
      tcpBytesOut.add(n);
    }
  }

  private void sink(SocketChannel c, ByteBuffer buf) throws IOException {
    while (true) {
      buf.clear();
      int n = c.read(buf);
      if (n < 0) {
        return;
      }
      tcpBytesIn.add(n);
    }
  }

  private void udpLoop() {
    ByteBuffer buf = ByteBuffer.allocateDirect(UDP_BUFFER);
    while (!closed.get()) {
      try {
        buf.clear();
        SocketAddress from = udp.receive(buf);
        buf.flip();
        // Counted on receipt, before the echo: whoever sees the reply also sees the count.
        datagrams.increment();
        udpBytes.add(buf.remaining());
        udp.send(buf, from);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (closed.get()) {
          return;
        }
        // A send to a sender that has gone away: skip that datagram.
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // Closing is best effort: the descriptor is released even when close reports an error.
      }
    }
  }

  /** What the peer has served since it started. */
  public record Stats(
      long connections,
      int open,
      long tcpBytesIn,
      long tcpBytesOut,
      long datagrams,
      long udpBytes) {

    /** One log line about what changed between {@code before} and this. */
    String since(Stats before, Duration interval) {
      return String.format(
          Locale.ROOT,
          "peer: last %s: %d connections (%d open), tcp %.1f MB in / %.1f MB out,"
              + " udp %d datagrams",
          interval.toMillis() % 1000 == 0 ? interval.toSeconds() + "s" : interval.toMillis() + "ms",
          connections - before.connections,
          open,
          (tcpBytesIn - before.tcpBytesIn) / 1e6,
          (tcpBytesOut - before.tcpBytesOut) / 1e6,
          datagrams - before.datagrams);
    }
  }
}
