package io.virtpath.lab.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The host's end of a guest's control channel: a connection to the Unix socket behind the guest's
 * virtio-serial port ({@link GuestConfig#agentSocket}), as the two streams an {@code AgentClient}
 * reads and writes. Closing it closes the socket; the guest's agent then reads the end of its
 * channel and seals its record as interrupted, unless it was told to finish first.
 *
 * <p>QEMU listens from its start, long before the guest has booted (10 to 30 s under TCG): the
 * connection is made early, and the agent's ready message, not the connection, says the agent is
 * there. Until then the guest's first write simply waits for a host end.
 */
public final class GuestAgentChannel implements AutoCloseable {
  private static final Duration RETRY = Duration.ofMillis(100);

  private final Path socket;
  private final SocketChannel channel;
  private final InputStream in;
  private final OutputStream out;

  private GuestAgentChannel(Path socket, SocketChannel channel) {
    this.socket = socket;
    this.channel = channel;
    // Streams of a SocketChannel may be read and written at once (a reader thread blocked in read
    // does not hold up a request), which AgentClient needs.
    this.in = Channels.newInputStream(channel);
    this.out = Channels.newOutputStream(channel);
  }

  /**
   * Connects to {@code socket}, retrying while it does not exist or refuses (QEMU still starting),
   * until {@code limit} passes or {@code alive} says the guest is gone.
   *
   * @throws IOException naming the socket and why the last attempt failed
   */
  public static GuestAgentChannel connect(Path socket, Duration limit, BooleanSupplier alive)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
    while (true) {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        ch.connect(address);
        return new GuestAgentChannel(socket, ch);
      } catch (SocketException e) { // no such file, or refused: QEMU is not listening yet
        ch.close();
        if (!alive.getAsBoolean()) {
          throw new IOException("the guest ended before its control channel " + socket + " could be connected");
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("no control channel at " + socket + " within " + limit.toSeconds() + " s: "
              + e.getMessage());
        }
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      Thread.sleep(RETRY);
    }
  }

  /** What the guest's agent writes. */
  public InputStream in() {
    return in;
  }

  /** What the guest's agent reads. */
  public OutputStream out() {
    return out;
  }

  public Path socket() {
    return socket;
  }

  /** Closes the connection: the guest's agent sees its channel close. Idempotent. */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
