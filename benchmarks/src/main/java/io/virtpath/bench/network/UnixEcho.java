package io.virtpath.bench.network;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * The baseline's "peer": an AF_UNIX socketpair whose second end is served by an echo thread inside
 * the benchmark JVM, with the same FFM send/recv calls as the client. A round trip over it costs
 * what every network round trip also pays (harness, two send/recv pairs, two thread wake-ups) but
 * no IP stack, no device, no second process.
 */
final class UnixEcho implements AutoCloseable {
  private static final long BUFFER = 64 * 1024;

  private final FfmSocket client;
  private final Thread thread;
  private final Duration timeout;

  private UnixEcho(FfmSocket client, Thread thread, Duration timeout) {
    this.client = client;
    this.thread = thread;
    this.timeout = timeout;
  }

  /** Starts the echo thread; {@code arena} must outlive {@link #close()}. */
  static UnixEcho start(Duration timeout, Arena arena) {
    FfmSocket[] pair = FfmSocket.unixPair(timeout, arena);
    MemorySegment buf = arena.allocate(BUFFER);
    // A platform thread, like the peer's: its recv() sleeps in the kernel and the kernel wakes
    // exactly this thread, with no scheduler of the JDK in between.
    Thread t =
        Thread.ofPlatform().daemon().name("virtpath-unix-echo").start(() -> echo(pair[1], buf));
    return new UnixEcho(pair[0], t, timeout);
  }

  private static void echo(FfmSocket s, MemorySegment buf) {
    try (s) {
      while (true) {
        long n = s.recv(buf, BUFFER);
        if (n == -Sockets.EINTR) {
          continue;
        }
        if (n <= 0) {
          return; // 0: the client end was closed, the normal way out
        }
        s.sendFully(buf, n);
      }
    } catch (IllegalStateException e) {
      // The client end closed while a reply was on its way: nothing left to serve.
    }
  }

  FfmSocket client() {
    return client;
  }

  /** Closes the client end, which ends the echo thread (EOF), and waits for it. */
  @Override
  public void close() {
    client.close();
    boolean stopped;
    try {
      stopped = thread.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = !thread.isAlive();
    }
    if (!stopped) {
      throw new IllegalStateException("the unix echo thread did not stop within " + timeout);
    }
  }
}
