package io.virtpath.bench.network;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.virtpath.bench.ffm.Native;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The libc socket calls the network suite makes, and the Linux constants they need (identical on
 * x86-64 and aarch64, the architectures virtpath targets).
 *
 * <p>Every handle is an ordinary (non-critical) downcall because every one of these calls may sleep
 * in the kernel, and every one captures errno. The suite's operations take 10 µs or more, so the
 * few ns the capture adds (one store after the call) are far below the noise, and errno is what
 * turns a failure into a clear message: a receive timeout (EAGAIN) is retried for UDP but means a
 * lost peer for TCP, a refused connection is reported as such. Each method takes the capture
 * segment as its first argument and returns the raw C result; callers check {@code < 0} and read
 * {@link Native#errno} only then.
 */
final class Sockets {
  static final int AF_UNIX = 1;
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int SOCK_STREAM = 1;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int SOL_SOCKET = 1;
  static final int SO_RCVTIMEO = 20;
  static final int SO_SNDTIMEO = 21;
  static final int IPPROTO_TCP = 6;
  static final int TCP_NODELAY = 1;

  /** send() flag: report EPIPE instead of raising SIGPIPE when the peer has gone. */
  static final int MSG_NOSIGNAL = 0x4000;

  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EINPROGRESS = 115;

  private static final MethodHandle SOCKET =
      Native.withErrno("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle SOCKETPAIR =
      Native.withErrno(
          "socketpair", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
  private static final MethodHandle CONNECT =
      Native.withErrno("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SETSOCKOPT =
      Native.withErrno(
          "setsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SEND =
      Native.withErrno(
          "send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle RECV =
      Native.withErrno(
          "recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle CLOSE =
      Native.withErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

  private Sockets() {}

  static int socket(MemorySegment errno, int domain, int type, int protocol) {
    try {
      return (int) SOCKET.invokeExact(errno, domain, type, protocol);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /** Fills {@code fds} (two ints) with a connected pair. */
  static int socketpair(MemorySegment errno, int domain, int type, MemorySegment fds) {
    try {
      return (int) SOCKETPAIR.invokeExact(errno, domain, type, 0, fds);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static int connect(MemorySegment errno, int fd, MemorySegment addr, int addrLen) {
    try {
      return (int) CONNECT.invokeExact(errno, fd, addr, addrLen);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static int setsockopt(
      MemorySegment errno, int fd, int level, int name, MemorySegment value, int length) {
    try {
      return (int) SETSOCKOPT.invokeExact(errno, fd, level, name, value, length);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static long send(MemorySegment errno, int fd, MemorySegment buf, long len, int flags) {
    try {
      return (long) SEND.invokeExact(errno, fd, buf, len, flags);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static long recv(MemorySegment errno, int fd, MemorySegment buf, long len, int flags) {
    try {
      return (long) RECV.invokeExact(errno, fd, buf, len, flags);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static int close(MemorySegment errno, int fd) {
    try {
      return (int) CLOSE.invokeExact(errno, fd);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }
}
