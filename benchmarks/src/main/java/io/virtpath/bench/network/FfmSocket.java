package io.virtpath.bench.network;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.virtpath.bench.ffm.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * A client socket driven by raw libc calls, the way sockperf and netperf drive theirs: one blocking
 * send() and one blocking recv() per step, nothing in between. The JDK's socket channels would add
 * a lock per call, and a timed read goes through poll() before recv(), an extra syscall that the
 * reference tools do not make. Here a lost peer is caught by SO_RCVTIMEO/SO_SNDTIMEO inside the
 * kernel instead, at no cost per call.
 *
 * <p>Not thread-safe: one socket per benchmark thread.
 */
final class FfmSocket implements AutoCloseable {
  private final int fd;
  private final MemorySegment errno;
  private final String peer;
  private final Duration timeout;
  private boolean closed;

  private FfmSocket(int fd, MemorySegment errno, String peer, Duration timeout) {
    this.fd = fd;
    this.errno = errno;
    this.peer = peer;
    this.timeout = timeout;
  }

  /**
   * Connects a TCP socket to the peer and sends the peer's one-byte mode ('E', 'S', ...).
   *
   * @param noDelay set TCP_NODELAY: required for request/response, where Nagle would hold a small
   *     request back while an earlier segment is unacknowledged
   * @param timeout bound for connect, every send and every recv
   */
  static FfmSocket connectTcp(
      SockAddr to, byte mode, boolean noDelay, Duration timeout, Arena arena) {
    MemorySegment errno = Native.newCapture(arena);
    int fd = Sockets.socket(errno, to.family(), Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw new IllegalStateException("socket() failed: " + Native.strerror(Native.errno(errno)));
    }
    FfmSocket s = new FfmSocket(fd, errno, to.text(), timeout);
    try {
      s.setTimeouts(timevalOf(timeout, arena));
      if (noDelay) {
        s.setOption(Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, 1, arena);
      }
      s.connect(to);
      MemorySegment b = arena.allocate(1);
      b.set(JAVA_BYTE, 0, mode);
      s.sendFully(b, 1);
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** A connected UDP socket: send() and recv() exchange datagrams with the peer only. */
  static FfmSocket connectUdp(SockAddr to, Duration timeout, Arena arena) {
    MemorySegment errno = Native.newCapture(arena);
    int fd = Sockets.socket(errno, to.family(), Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw new IllegalStateException("socket() failed: " + Native.strerror(Native.errno(errno)));
    }
    FfmSocket s = new FfmSocket(fd, errno, to.text(), timeout);
    try {
      s.setTimeouts(timevalOf(timeout, arena));
      s.connect(to);
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * Both ends of an AF_UNIX stream socketpair; only the first gets the timeouts (the second belongs
   * to an echo thread that must wait for as long as the client is idle).
   */
  static FfmSocket[] unixPair(Duration timeout, Arena arena) {
    MemorySegment errno = Native.newCapture(arena);
    MemorySegment fds = arena.allocate(JAVA_INT, 2);
    if (Sockets.socketpair(errno, Sockets.AF_UNIX, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, fds)
        < 0) {
      throw new IllegalStateException(
          "socketpair(AF_UNIX) failed: " + Native.strerror(Native.errno(errno)));
    }
    FfmSocket client =
        new FfmSocket(fds.getAtIndex(JAVA_INT, 0), errno, "unix socketpair", timeout);
    FfmSocket echo =
        new FfmSocket(
            fds.getAtIndex(JAVA_INT, 1), Native.newCapture(arena), "unix socketpair", timeout);
    try {
      client.setTimeouts(timevalOf(timeout, arena));
    } catch (RuntimeException e) {
      client.close();
      echo.close();
      throw e;
    }
    return new FfmSocket[] {client, echo};
  }

  /** A {@code struct timeval} holding {@code d}, for SO_RCVTIMEO and SO_SNDTIMEO. */
  static MemorySegment timevalOf(Duration d, Arena arena) {
    MemorySegment tv = arena.allocate(JAVA_LONG, 2);
    tv.setAtIndex(JAVA_LONG, 0, d.toSeconds());
    tv.setAtIndex(JAVA_LONG, 1, d.toMillisPart() * 1000L);
    return tv;
  }

  /**
   * SO_SNDTIMEO also bounds a blocking connect() on Linux, SO_RCVTIMEO bounds recv(): a vanished
   * peer fails the iteration with EAGAIN instead of hanging the run.
   */
  void setTimeouts(MemorySegment timeval) {
    setOption(Sockets.SOL_SOCKET, Sockets.SO_SNDTIMEO, timeval);
    setOption(Sockets.SOL_SOCKET, Sockets.SO_RCVTIMEO, timeval);
  }

  void setOption(int level, int name, int value, Arena arena) {
    MemorySegment v = arena.allocate(JAVA_INT);
    v.set(JAVA_INT, 0, value);
    setOption(level, name, v);
  }

  private void setOption(int level, int name, MemorySegment value) {
    if (Sockets.setsockopt(errno, fd, level, name, value, (int) value.byteSize()) < 0) {
      throw new IllegalStateException(
          "setsockopt(level "
              + level
              + ", option "
              + name
              + ") failed: "
              + Native.strerror(Native.errno(errno)));
    }
  }

  private void connect(SockAddr to) {
    while (Sockets.connect(errno, fd, to.segment(), (int) to.segment().byteSize()) < 0) {
      int err = Native.errno(errno);
      if (err != Sockets.EINTR) {
        throw connectFailure(to.text(), err, timeout);
      }
    }
  }

  static IllegalStateException connectFailure(String peer, int err, Duration timeout) {
    String reason =
        err == Sockets.EINPROGRESS || err == Sockets.EAGAIN
            ? "no answer within " + timeout.toMillis() + " ms"
            : Native.strerror(err);
    return new IllegalStateException(
        "connect to peer " + peer + " failed: " + reason + " (is 'virtpath peer' running there?)");
  }

  /** Sends exactly {@code len} bytes, looping on partial sends. */
  void sendFully(MemorySegment buf, long len) {
    long off = 0;
    while (off < len) {
      MemorySegment from = off == 0 ? buf : buf.asSlice(off);
      long n = Sockets.send(errno, fd, from, len - off, Sockets.MSG_NOSIGNAL);
      if (n < 0) {
        int err = Native.errno(errno);
        if (err != Sockets.EINTR) {
          throw ioFailure("send", err);
        }
      } else {
        off += n;
      }
    }
  }

  /** Receives exactly {@code len} bytes into {@code buf}, looping on short reads. */
  void recvFully(MemorySegment buf, long len) {
    long off = 0;
    while (off < len) {
      MemorySegment to = off == 0 ? buf : buf.asSlice(off);
      long n = Sockets.recv(errno, fd, to, len - off, 0);
      if (n > 0) {
        off += n;
      } else if (n == 0) {
        throw new IllegalStateException(
            "peer " + peer + " closed the connection after " + off + " of " + len + " bytes");
      } else {
        int err = Native.errno(errno);
        if (err != Sockets.EINTR) {
          throw ioFailure("recv", err);
        }
      }
    }
  }

  /** One send() call: bytes sent, or {@code -errno}. */
  long send(MemorySegment buf, long len) {
    long n = Sockets.send(errno, fd, buf, len, Sockets.MSG_NOSIGNAL);
    return n >= 0 ? n : -Native.errno(errno);
  }

  /** One recv() call: bytes received (0 at end of stream), or {@code -errno}. */
  long recv(MemorySegment buf, long len) {
    long n = Sockets.recv(errno, fd, buf, len, 0);
    return n >= 0 ? n : -Native.errno(errno);
  }

  IllegalStateException ioFailure(String call, int err) {
    String reason;
    if (err == Sockets.EAGAIN) {
      reason =
          call.equals("recv")
              ? "no data for " + timeout.toMillis() + " ms: the peer stopped answering"
              : "could not send for " + timeout.toMillis() + " ms: the peer stopped reading";
    } else {
      reason = Native.strerror(err);
    }
    return new IllegalStateException(call + " with peer " + peer + " failed: " + reason);
  }

  String peer() {
    return peer;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Sockets.close(errno, fd);
    }
  }
}
