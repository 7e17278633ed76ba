package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The host end of a control channel against a plain Unix socket standing in for QEMU's. */
@Timeout(30)
class GuestAgentChannelTest {
  @TempDir Path tmp;

  @Test
  void waitsForASocketThatAppearsLaterAndWritesWhileAReadIsBlocked() throws Exception {
    Path socket = tmp.resolve("g-agent.sock");
    // QEMU starts listening a moment after the lab asked for the connection
    CompletableFuture<SocketChannel> accepted = CompletableFuture.supplyAsync(() -> {
      try {
        Thread.sleep(600);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server.accept();
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    try (GuestAgentChannel ch = GuestAgentChannel.connect(socket, Duration.ofSeconds(20), () -> true)) {
      SocketChannel guest = accepted.get(10, TimeUnit.SECONDS);
      // a reader blocked on the agent's answer must not hold up the next request
      CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> readLine(ch.in()));
      Thread.sleep(200);
      ch.out().write("{\"op\":\"finish\"}\n".getBytes(StandardCharsets.UTF_8));
      ch.out().flush();
      ByteBuffer got = ByteBuffer.allocate(64);
      while (got.position() < 16) {
        guest.read(got);
      }
      assertEquals("{\"op\":\"finish\"}\n", new String(got.array(), 0, got.position(), StandardCharsets.UTF_8));
      guest.write(ByteBuffer.wrap("{\"type\":\"result\"}\n".getBytes(StandardCharsets.UTF_8)));
      assertEquals("{\"type\":\"result\"}", answer.get(10, TimeUnit.SECONDS));

      // closing the host end is what the guest's agent reads as its channel's end
      ch.close();
      assertEquals(-1, guest.read(ByteBuffer.allocate(8)));
      guest.close();
    }
  }

  @Test
  void givesUpAtItsLimitNamingTheSocket() {
    Path socket = tmp.resolve("never.sock");
    long start = System.nanoTime();
    IOException e = assertThrows(IOException.class,
        () -> GuestAgentChannel.connect(socket, Duration.ofMillis(500), () -> true));
    assertTrue(e.getMessage().startsWith("no control channel at " + socket + " within 0 s"), e.getMessage());
    assertTrue(System.nanoTime() - start >= 500_000_000L, "gave up before its limit");
  }

  @Test
  void stopsAtOnceWhenTheGuestIsGone() {
    Path socket = tmp.resolve("gone.sock");
    long start = System.nanoTime();
    IOException e = assertThrows(IOException.class,
        () -> GuestAgentChannel.connect(socket, Duration.ofMinutes(5), () -> false));
    assertTrue(e.getMessage().contains("the guest ended before"), e.getMessage());
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "waited for a dead guest");
  }

  private static String readLine(InputStream in) {
    try {
      StringBuilder s = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("end of stream");
        }
        s.append((char) b);
      }
      return s.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
