package io.virtpath.peer;

import io.virtpath.core.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
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
import java.util.function.LongSupplier;

/**
 * The other end of the network suite: a TCP and a UDP socket on the same address and port.
 *
 * <p>TCP protocol: the client's first byte picks the mode. 'E' echoes every byte back as it arrives
 * (request/response), 'S' reads and drops everything until EOF (stream), 'C' closes at once
 * (connect test: the side that closes first holds TIME_WAIT, so it is the peer, not the client, and
 * the client never runs out of ephemeral ports). Any other byte closes the connection. UDP: every
 * datagram goes back to its sender unchanged.
 *
 * <p>Threads. One platform thread per TCP connection, blocking I/O, one for UDP and one that
 * closes idle connections (so that no read carries a timeout, which would poll() first). The peer is
 * half of every measured round trip, so it must answer along the shortest path: a platform thread
 * blocked in read() is woken by the kernel directly, as netserver or sockperf's server would be. A
 * virtual thread would instead park, wait for the JDK's poller thread to see the socket ready, and
 * be rescheduled on a carrier thread: extra wake-ups that would be billed to the network. The
 * blocking channels used here do not poll() first (no timeouts are set), they go straight to the
 * read() syscall. Connection threads come from a cached pool so that the connect test does not pay
 * for a thread creation on every connection once the pool is warm.
 *
 * <p>Bounds. A peer may listen on a public address for days, so what a connection can hold is
 * bounded: at most {@link Limits#maxConnections} are served at once (more are closed at once and
 * counted as refused), one that sends nothing for {@link Limits#idleTimeout} is closed, and the
 * echo/sink buffer is allocated only once a connection has chosen a mode and freed when it closes.
 * Before, each pool thread kept a 256 KiB buffer, taken before the first read: 2,000 idle
 * connections cost 635 MB of RSS, still held after they closed.
 */
public final class Peer implements AutoCloseable {
  private static final int BIND_ATTEMPTS = 5;
  private static final int BACKLOG = 1024;
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Echo/sink buffer of one connection: the stream benchmark's write size. Against the former 256
   * KiB, a loopback sink fed 64 KiB writes (4 interleaved runs of 4 s each, 2 shared vCPUs) ran
   * 1,600-2,300 MB/s either way (means 1,881 before, 2,002 after) and the 1-byte echo's median
   * stayed at 14 us: no loss, at a quarter of the memory per active connection.
   */
  static final int TCP_BUFFER = 64 * 1024;

  private static final int UDP_BUFFER = 64 * 1024;

  private final ServerSocketChannel tcp;
  private final DatagramChannel udp;
  private final InetSocketAddress address;
  private final Limits limits;
  private final LongSupplier ticker;
  private final ExecutorService workers;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final LongAdder connections = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder idleClosed = new LongAdder();
  private final LongAdder tcpBytesIn = new LongAdder();
  private final LongAdder tcpBytesOut = new LongAdder();
  private final LongAdder datagrams = new LongAdder();
  private final LongAdder udpBytes = new LongAdder();
  private final Thread acceptThread;
  private final Thread udpThread;
  private final Thread idleThread;

  private Peer(ServerSocketChannel tcp, DatagramChannel udp, Limits limits, LongSupplier ticker)
      throws IOException {
    this.tcp = tcp;
    this.udp = udp;
    this.limits = limits;
    this.ticker = ticker;
    this.address = (InetSocketAddress) tcp.getLocalAddress();
    this.workers =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE, // the connection limit bounds it: accept refuses past the limit
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            Thread.ofPlatform().name("virtpath-peer-conn-", 0).daemon().factory());
    this.acceptThread =
        Thread.ofPlatform().name("virtpath-peer-accept").daemon().unstarted(this::acceptLoop);
    this.udpThread =
        Thread.ofPlatform().name("virtpath-peer-udp").daemon().unstarted(this::udpLoop);
    this.idleThread =
        Thread.ofPlatform().name("virtpath-peer-idle").daemon().unstarted(this::idleLoop);
  }

  /** {@link #start(InetSocketAddress, Limits)} with the {@link Limits#DEFAULT default limits}. */
  public static Peer start(InetSocketAddress listen) {
    return start(listen, Limits.DEFAULT);
  }

  /**
   * Listens on {@code listen} for TCP and UDP. With port 0 the kernel picks a free TCP port and the
   * UDP socket takes the same number (retried a few times if that UDP port happens to be taken).
   *
   * @throws UsageException if the address cannot be bound (in use, not a local address ...)
   */
  public static Peer start(InetSocketAddress listen, Limits limits) {
    return start(listen, limits, System::nanoTime);
  }

  /** As above, with the clock that idle time is measured on (tests move it by hand). */
  static Peer start(InetSocketAddress listen, Limits limits, LongSupplier ticker) {
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
        Peer p = new Peer(tcp, udp, limits, ticker);
        p.acceptThread.start();
        p.udpThread.start();
        p.idleThread.start();
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

  /** The limits it was started with. */
  public Limits limits() {
    return limits;
  }

  /** Counters since start. */
  public Stats stats() {
    return new Stats(
        connections.sum(),
        open.size(),
        refused.sum(),
        idleClosed.sum(),
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
    serve(log, interval, SummaryTrigger.every(interval));
  }

  /** As above, with summaries when {@code trigger} says (tests fire it by hand). */
  void serve(PrintStream log, Duration interval, SummaryTrigger trigger)
      throws InterruptedException {
    Stats last = stats();
    try {
      while (trigger.awaitNext(terminated)) {
        Stats now = stats();
        if (!now.equals(last)) {
          log.println(now.since(last, interval, limits));
        }
        last = now;
      }
    } catch (InterruptedException e) {
      close();
      throw e;
    }
  }

  /** When {@link #serve} prints its next summary. */
  @FunctionalInterface
  interface SummaryTrigger {
    /**
     * Blocks until the next summary is due (true) or {@code terminated} has counted down (false).
     */
    boolean awaitNext(CountDownLatch terminated) throws InterruptedException;

    static SummaryTrigger every(Duration interval) {
      return terminated -> !terminated.await(interval.toNanos(), TimeUnit.NANOSECONDS);
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
    stopping.countDown();
    closeQuietly(tcp);
    closeQuietly(udp);
    for (Connection c : open) {
      closeQuietly(c.channel); // wakes its thread out of read(); the interrupt below would as well
    }
    workers.shutdownNow();
    boolean interrupted = false;
    try {
      acceptThread.join(JOIN_TIMEOUT);
      udpThread.join(JOIN_TIMEOUT);
      idleThread.join(JOIN_TIMEOUT);
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
      // Only this thread adds, so 'open' cannot grow past the limit between check and add.
      if (open.size() >= limits.maxConnections()) {
        refused.increment();
        closeQuietly(c);
        continue;
      }
      connections.increment();
      Connection conn = new Connection(c, ticker.getAsLong());
      open.add(conn);
      if (closed.get()) { // close() may have iterated over 'open' before the add
        open.remove(conn);
        closeQuietly(c);
        return;
      }
      try {
        workers.execute(() -> handle(conn));
      } catch (RejectedExecutionException e) {
        open.remove(conn);
        closeQuietly(c);
      }
    }
  }

  private void handle(Connection conn) {
    SocketChannel c = conn.channel;
    // A confined arena frees the connection's buffers the moment it ends, on this thread; a
    // direct ByteBuffer would wait for a garbage collection that an idle heap never runs.
    try (c;
        Arena arena = Arena.ofConfined()) {
      c.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ByteBuffer mode = arena.allocate(1).asByteBuffer();
      if (c.read(mode) != 1) {
        return;
      }
      conn.reads++;
      tcpBytesIn.increment();
      switch (mode.get(0)) {
        case 'E' -> pump(conn, arena.allocate(TCP_BUFFER).asByteBuffer(), true);
        case 'S' -> pump(conn, arena.allocate(TCP_BUFFER).asByteBuffer(), false);
        default -> {} // 'C' and unknown modes: close now
      }
    } catch (IOException e) {
      // Reset by the client, or closed by close() or as idle: the connection is over either way.
    } finally {
      open.remove(conn);
    }
  }

  /** Reads until the client closes; echoes what it read back (echo mode) or drops it (sink). */
  private void pump(Connection conn, ByteBuffer buf, boolean echo) throws IOException {
    SocketChannel c = conn.channel;
    while (true) {
      buf.clear();
      int n = c.read(buf);
      if (n < 0) {
        return;
      }
      conn.reads++;
      tcpBytesIn.add(n);
      if (echo) {
        buf.flip();
        while (buf.hasRemaining()) {
          c.write(buf);
        }
        tcpBytesOut.add(n);
      }
    }
  }

  /** Checks for idle connections a few times per timeout (at most once a second). */
  private void idleLoop() {
    long every = Math.clamp(limits.idleTimeout().toNanos() / 4, 10_000_000L, 1_000_000_000L);
    try {
      while (!stopping.await(every, TimeUnit.NANOSECONDS)) {
        closeIdle();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Closes every connection that has read nothing for the idle timeout, by the ticker. A read is
   * seen as a change of the connection's read count since the last check, so the handler pays one
   * volatile increment per read and no clock call; a connection is therefore closed between one
   * timeout and one timeout plus one check period after its last byte.
   *
   * @return how many it closed
   */
  synchronized int closeIdle() {
    long now = ticker.getAsLong();
    long timeout = limits.idleTimeout().toNanos();
    int n = 0;
    for (Connection c : open) {
      long reads = c.reads;
      if (reads != c.seenReads) {
        c.seenReads = reads;
        c.quietSince = now;
      } else if (now - c.quietSince >= timeout && c.channel.isOpen()) {
        idleClosed.increment();
        closeQuietly(c.channel); // its handler's read() fails and the handler removes it
        n++;
      }
    }
    return n;
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

  /** One served connection; identity equality, so the open set holds each once. */
  private static final class Connection {
    final SocketChannel channel;

    /** Reads so far; written by the connection's own thread only, read by the idle check. */
    volatile long reads;

    /** The idle check's own bookkeeping (under its lock). */
    long seenReads;

    long quietSince;

    Connection(SocketChannel channel, long acceptedAt) {
      this.channel = channel;
      this.quietSince = acceptedAt;
    }
  }

  /**
   * What a peer holds at most.
   *
   * @param maxConnections TCP connections served at once; one more is accepted and closed at once
   * @param idleTimeout a connection that sends nothing for this long is closed
   */
  public record Limits(int maxConnections, Duration idleTimeout) {
    /** A day: longer is no bound at all, and its nanoseconds would overflow a long. */
    private static final Duration MAX_IDLE_TIMEOUT = Duration.ofDays(1);

    /**
     * 256 connections is far above what the suites open (one per benchmark thread, at most 16)
     * and bounds the peer's threads; 60 s is far above any pause between a benchmark's iterations.
     */
    public static final Limits DEFAULT = new Limits(256, Duration.ofSeconds(60));

    public Limits {
      if (maxConnections < 1) {
        throw new UsageException(
            "--max-connections "
                + maxConnections
                + ": the peer must serve at least 1 connection at once (default 256)");
      }
      if (idleTimeout == null
          || idleTimeout.isNegative()
          || idleTimeout.isZero()
          || idleTimeout.compareTo(MAX_IDLE_TIMEOUT) > 0) {
        throw new UsageException(
            "--idle-timeout "
                + (idleTimeout == null ? "(none)" : text(idleTimeout))
                + ": give a number of seconds from 1 to "
                + MAX_IDLE_TIMEOUT.toSeconds()
                + " (default 60)");
      }
    }
  }

  /** "10s", or "50ms" when not whole seconds. */
  static String text(Duration d) {
    return d.getNano() == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** What the peer has served since it started. */
  public record Stats(
      long connections,
      int open,
      long refused,
      long idleClosed,
      long tcpBytesIn,
      long tcpBytesOut,
      long datagrams,
      long udpBytes) {

    /** One log line about what changed between {@code before} and this. */
    String since(Stats before, Duration interval, Limits limits) {
      StringBuilder s =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "peer: last %s: %d connections (%d open), tcp %.1f MB in / %.1f MB out,"
                      + " udp %d datagrams",
                  text(interval),
                  connections - before.connections,
                  open,
                  (tcpBytesIn - before.tcpBytesIn) / 1e6,
                  (tcpBytesOut - before.tcpBytesOut) / 1e6,
                  datagrams - before.datagrams));
      if (refused > before.refused) {
        s.append(
            String.format(
                Locale.ROOT,
                ", %d refused (limit %d open, --max-connections)",
                refused - before.refused,
                limits.maxConnections()));
      }
      if (idleClosed > before.idleClosed) {
        s.append(
            String.format(
                Locale.ROOT,
                ", %d closed idle (nothing sent for %s, --idle-timeout)",
                idleClosed - before.idleClosed,
                text(limits.idleTimeout())));
      }
      return s.toString();
    }
  }
}
