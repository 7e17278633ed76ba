package io.virtpath.bench.network;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import io.virtpath.bench.PrimaryMetric;
import io.virtpath.bench.PrimaryMetric.Kind;
import io.virtpath.bench.SuiteConfig;
import io.virtpath.bench.ffm.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The network suite: TCP and UDP round trips, a TCP stream and TCP connection setup against a
 * virtpath peer ({@code virtpath peer}, whose HOST:PORT arrives in {@link SuiteConfig#PEER}), plus
 * an AF_UNIX baseline that needs no peer. Every connection is opened per benchmark thread in trial
 * setup, so a timed operation is only the send/recv (or connect/close) it names. See
 * docs/methodology.md ("Network suite").
 */
public class NetworkBenchmark {
  /** Bound on every connect, send and recv: a vanished peer fails the iteration, never hangs it. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /**
   * UDP may lose a datagram; the round trip is then retried after this long. Long enough that a
   * slow but alive peer is not retried spuriously (late replies are discarded by sequence number
   * anyway), short enough that a loss does not dominate an iteration.
   */
  static final Duration UDP_TIMEOUT = Duration.ofSeconds(1);

  static final int MAX_UDP_RETRIES_PER_ITERATION = 3;
  static final int UDP_PAYLOAD = 64;
  static final int STREAM_CHUNK = 65536;

  static SockAddr resolvePeer(Arena arena) {
    return SockAddr.of(PeerAddress.parse(SuiteConfig.peer()).resolve(), arena);
  }

  /** A buffer of {@code size} bytes with a recognisable, non-zero pattern. */
  static MemorySegment payload(Arena arena, long size) {
    MemorySegment s = arena.allocate(size);
    for (long i = 0; i < size; i++) {
      s.set(JAVA_BYTE, i, (byte) ('a' + i % 26));
    }
    return s;
  }

  /** One request/response: send {@code n} bytes, receive the {@code n} echoed bytes. */
  static byte roundTrip(FfmSocket s, MemorySegment out, MemorySegment in, long n) {
    s.sendFully(out, n);
    s.recvFully(in, n);
    return in.get(JAVA_BYTE, n - 1);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @PrimaryMetric(Kind.LATENCY_NS)
  public byte baselineUnixRoundTrip(UnixEchoState s) {
    return roundTrip(s.client, s.out, s.in, 1);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @PrimaryMetric(Kind.LATENCY_NS)
  public byte tcpRoundTrip1b(TcpEchoState s) {
    return roundTrip(s.socket, s.out, s.in, 1);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @PrimaryMetric(Kind.LATENCY_NS)
  public byte tcpRoundTrip1k(TcpEchoState s) {
    return roundTrip(s.socket, s.out, s.in, 1024);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @PrimaryMetric(value = Kind.MB_PER_S, bytesPerOp = STREAM_CHUNK)
  public void tcpStream64k(TcpSinkState s) {
    s.socket.sendFully(s.chunk, STREAM_CHUNK);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @PrimaryMetric(Kind.OPS_PER_S)
  public void tcpConnectClose(TcpConnectState s) {
    s.connectClose();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @PrimaryMetric(Kind.LATENCY_NS)
  public long udpRoundTrip64b(UdpEchoState s) {
    return s.roundTrip();
  }

  /** The baseline's socketpair and echo thread. */
  @State(Scope.Thread)
  public static class UnixEchoState {
    Arena arena;
    UnixEcho echo;
    FfmSocket client;
    MemorySegment out;
    MemorySegment in;

    @Setup(Level.Trial)
    public void setup() {
      arena = Arena.ofShared();
      echo = UnixEcho.start(TIMEOUT, arena);
      client = echo.client();
      out = payload(arena, 1);
      in = arena.allocate(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        echo.close();
      } finally {
        arena.close();
      }
    }
  }

  /** One 'E' (echo) connection with TCP_NODELAY, buffers for up to 1 KiB. */
  @State(Scope.Thread)
  public static class TcpEchoState {
    Arena arena;
    FfmSocket socket;
    MemorySegment out;
    MemorySegment in;

    @Setup(Level.Trial)
    public void setup() {
      arena = Arena.ofShared();
      socket = FfmSocket.connectTcp(resolvePeer(arena), (byte) 'E', true, TIMEOUT, arena);
      out = payload(arena, 1024);
      in = arena.allocate(1024);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      socket.close();
      arena.close();
    }
  }

  /**
   * One 'S' (sink) connection. Nagle stays on, as in netperf's TCP_STREAM: with 64 KiB sends every
   * segment is full-sized, so Nagle never holds anything back.
   */
  @State(Scope.Thread)
  public static class TcpSinkState {
    Arena arena;
    FfmSocket socket;
    MemorySegment chunk;

    @Setup(Level.Trial)
    public void setup() {
      arena = Arena.ofShared();
      socket = FfmSocket.connectTcp(resolvePeer(arena), (byte) 'S', false, TIMEOUT, arena);
      chunk = payload(arena, STREAM_CHUNK);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      socket.close(); // unsent data still drains to the sink: close() without SO_LINGER
      arena.close();
    }
  }

  /** Everything a connection cycle needs, prepared once so the timed op allocates nothing. */
  @State(Scope.Thread)
  public static class TcpConnectState {
    Arena arena;
    SockAddr peer;
    MemorySegment errno;
    MemorySegment timeval;
    MemorySegment mode;
    MemorySegment in;

    @Setup(Level.Trial)
    public void setup() {
      arena = Arena.ofShared();
      peer = resolvePeer(arena);
      errno = Native.newCapture(arena);
      timeval = FfmSocket.timevalOf(TIMEOUT, arena);
      mode = arena.allocate(1);
      mode.set(JAVA_BYTE, 0, (byte) 'C');
      in = arena.allocate(16);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      arena.close();
    }

    /**
     * socket, two setsockopt (timeouts: SO_SNDTIMEO bounds connect), connect, send 'C', recv until
     * the peer's FIN, close. The peer closes first, so TIME_WAIT lands on the peer and this side
     * only passes through LAST_ACK: its ephemeral port is free again at once.
     */
    void connectClose() {
      int fd = Sockets.socket(errno, peer.family(), Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
      if (fd < 0) {
        throw new IllegalStateException("socket() failed: " + Native.strerror(Native.errno(errno)));
      }
      try {
        option(fd, Sockets.SO_SNDTIMEO);
        option(fd, Sockets.SO_RCVTIMEO);
        if (Sockets.connect(errno, fd, peer.segment(), (int) peer.segment().byteSize()) < 0) {
          throw FfmSocket.connectFailure(peer.text(), Native.errno(errno), TIMEOUT);
        }
        if (Sockets.send(errno, fd, mode, 1, Sockets.MSG_NOSIGNAL) != 1) {
          throw new IllegalStateException(
              "send to peer " + peer.text() + " failed: " + Native.strerror(Native.errno(errno)));
        }
        long n;
        while ((n = Sockets.recv(errno, fd, in, in.byteSize(), 0)) < 0) {
          int err = Native.errno(errno);
          if (err != Sockets.EINTR) {
            throw new IllegalStateException(
                "peer "
                    + peer.text()
                    + " did not close the connection: "
                    + (err == Sockets.EAGAIN
                        ? "no FIN within " + TIMEOUT.toMillis() + " ms"
                        : Native.strerror(err)));
          }
        }
        if (n != 0) {
          throw new IllegalStateException(
              "peer " + peer.text() + " sent data in connect mode 'C': not a virtpath peer?");
        }
      } finally {
        Sockets.close(errno, fd);
      }
    }

    private void option(int fd, int name) {
      if (Sockets.setsockopt(errno, fd, Sockets.SOL_SOCKET, name, timeval, (int) timeval.byteSize())
          < 0) {
        throw new IllegalStateException(
            "setsockopt(" + name + ") failed: " + Native.strerror(Native.errno(errno)));
      }
    }
  }

  /**
   * A connected UDP socket; datagrams carry a sequence number so late replies can be told apart.
   */
  @State(Scope.Thread)
  public static class UdpEchoState {
    Arena arena;
    FfmSocket socket;
    MemorySegment out;
    MemorySegment in;
    long seq;
    int retriesThisIteration;
    long retriesTotal;

    @Setup(Level.Trial)
    public void setup() {
      arena = Arena.ofShared();
      socket = FfmSocket.connectUdp(resolvePeer(arena), UDP_TIMEOUT, arena);
      out = payload(arena, UDP_PAYLOAD);
      // Larger than a reply: a datagram of another size is seen as such, never truncated to 64.
      in = arena.allocate(2048);
    }

    @Setup(Level.Iteration)
    public void resetRetries() {
      retriesThisIteration = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (retriesTotal > 0) {
        System.out.println(
            "udpRoundTrip64b: "
                + retriesTotal
                + " datagram(s) resent after a "
                + UDP_TIMEOUT.toMillis()
                + " ms receive timeout; those samples include the wait");
      }
      socket.close();
      arena.close();
    }

    long roundTrip() {
      long id = ++seq;
      out.set(JAVA_LONG_UNALIGNED, 0, id);
      while (true) {
        long sent = socket.send(out, UDP_PAYLOAD);
        if (sent != UDP_PAYLOAD) {
          if (sent == -Sockets.EINTR) {
            continue;
          }
          throw sent < 0
              ? socket.ioFailure("send", (int) -sent)
              : new IllegalStateException("short datagram send: " + sent + " bytes");
        }
        if (awaitReply(id)) {
          return id;
        }
        retriesTotal++;
        if (++retriesThisIteration > MAX_UDP_RETRIES_PER_ITERATION) {
          throw new IllegalStateException(
              "peer "
                  + socket.peer()
                  + " left more than "
                  + MAX_UDP_RETRIES_PER_ITERATION
                  + " UDP datagrams unanswered for "
                  + UDP_TIMEOUT.toMillis()
                  + " ms each in one iteration: the path or the peer is dropping datagrams");
        }
      }
    }

    /** True when the reply to {@code id} arrived, false after a receive timeout. */
    private boolean awaitReply(long id) {
      while (true) {
        long n = socket.recv(in, in.byteSize());
        if (n == UDP_PAYLOAD && in.get(JAVA_LONG_UNALIGNED, 0) == id) {
          return true;
        }
        if (n >= 0 || n == -Sockets.EINTR) {
          continue; // a late reply to a datagram already resent: drop it
        }
        if (n == -Sockets.EAGAIN) {
          return false;
        }
        throw socket.ioFailure("recv", (int) -n); // e.g. ECONNREFUSED: nobody on that UDP port
      }
    }
  }
}
