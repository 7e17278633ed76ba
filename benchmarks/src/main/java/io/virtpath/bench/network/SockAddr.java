package io.virtpath.bench.network;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;

/**
 * A resolved peer address as the kernel wants it: a {@code struct sockaddr_in} or {@code struct
 * sockaddr_in6} in native memory, built once in setup so that connect() in a timed loop only passes
 * a pointer.
 *
 * @param segment the sockaddr bytes (pass {@code segment.byteSize()} as the address length)
 * @param family AF_INET or AF_INET6, for socket()
 * @param text the address as a reader wants it in a message, e.g. {@code 127.0.0.1:7000}
 */
record SockAddr(MemorySegment segment, int family, String text) {
  private static final ValueLayout.OfShort FAMILY = ValueLayout.JAVA_SHORT_UNALIGNED;
  private static final ValueLayout.OfShort PORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

  /** Encodes a resolved address; the segment lives as long as {@code arena}. */
  static SockAddr of(InetSocketAddress address, Arena arena) {
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("address is not resolved: " + address);
    }
    int port = address.getPort();
    if (address.getAddress() instanceof Inet4Address v4) {
      // struct sockaddr_in: family (host order), port (network order), 4 address bytes, 8 zero.
      MemorySegment s = arena.allocate(16, 4);
      s.set(FAMILY, 0, (short) Sockets.AF_INET);
      s.set(PORT, 2, (short) port);
      MemorySegment.copy(MemorySegment.ofArray(v4.getAddress()), 0, s, 4, 4);
      return new SockAddr(s, Sockets.AF_INET, v4.getHostAddress() + ":" + port);
    }
    Inet6Address v6 = (Inet6Address) address.getAddress();
    // struct sockaddr_in6: family, port, flowinfo, 16 address bytes, scope id (for fe80::/10).
    MemorySegment s = arena.allocate(28, 4);
    s.set(FAMILY, 0, (short) Sockets.AF_INET6);
    s.set(PORT, 2, (short) port);
    s.set(U32, 4, 0);
    MemorySegment.copy(MemorySegment.ofArray(v6.getAddress()), 0, s, 8, 16);
    s.set(U32, 24, v6.getScopeId());
    return new SockAddr(s, Sockets.AF_INET6, "[" + v6.getHostAddress() + "]:" + port);
  }
}
