package io.virtpath.bench.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import io.virtpath.peer.Peer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerAddressTest {
  @Test
  void parsesIpv4NamesAndBracketedIpv6() {
    assertEquals(new PeerAddress("127.0.0.1", 7000), PeerAddress.parse("127.0.0.1:7000"));
    assertEquals(new PeerAddress("localhost", 1), PeerAddress.parse(" localhost:1 "));
    assertEquals(new PeerAddress("::1", 65535), PeerAddress.parse("[::1]:65535"));
    assertEquals(new PeerAddress("fe80::1%lo", 7), PeerAddress.parse("[fe80::1%lo]:7"));
    assertEquals("[::1]:7000", PeerAddress.parse("[::1]:7000").toString());
    assertEquals("127.0.0.1:7000", PeerAddress.parse("127.0.0.1:7000").toString());
  }

  @Test
  void listenAddressesMayUsePortZero() {
    assertEquals(new PeerAddress("0.0.0.0", 0), PeerAddress.parseListen("0.0.0.0:0"));
    assertEquals(new PeerAddress("::", 7000), PeerAddress.parseListen("[::]:7000"));
    UsageException e = assertThrows(UsageException.class, () -> PeerAddress.parse("host:0"));
    assertTrue(e.getMessage().contains("port 0"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "\"\"|empty address",
        "host|missing ':PORT'",
        "::1:7000|must be written in brackets, e.g. [::1]:7000",
        "[::1]7000|missing ':PORT' after ']'",
        "[::1|without a matching ']'",
        "[]:7000|empty IPv6 address",
        "host:|missing port number",
        "host:http|'http' is not a number",
        "host:-1|'-1' is not a number",
        "host:70000|port 70000 is out of range",
        "host:1234567|'1234567' is not a number",
        ":7000|missing HOST (to listen on every interface, write 0.0.0.0:7000 or [::]:7000)"
      })
  void rejectsBadSyntaxSayingWhy(String text, String why) {
    UsageException e = assertThrows(UsageException.class, () -> PeerAddress.parseListen(text));
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertTrue(e.getMessage().contains("expected HOST:PORT"), e.getMessage());
  }

  @Test
  void resolvesLiterals() {
    InetSocketAddress a = PeerAddress.parse("[::1]:9").resolve();
    assertEquals(9, a.getPort());
    assertTrue(a.getAddress().isLoopbackAddress());
  }

  @Test
  void reachablePeerPassesTheCheck() {
    try (Peer peer = Peer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      PeerAddress.checkReachable("127.0.0.1:" + peer.address().getPort(), Duration.ofSeconds(5));
      assertEquals(1, peer.stats().connections());
      assertTrue(peer.stats().datagrams() >= 1, "the UDP side was checked too");
    }
  }

  @Test
  void closedPortFailsFastAndSaysWhatToDo() throws IOException {
    int port = freePort();
    long start = System.nanoTime();
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> PeerAddress.checkReachable("127.0.0.1:" + port, Duration.ofSeconds(5)));
    assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused, not timed out");
    assertEquals(
        "peer 127.0.0.1:"
            + port
            + " unreachable: TCP: Connection refused"
            + " (is 'virtpath peer --listen ...' running there?)",
        e.getMessage());
  }

  @Test
  void aServerThatDoesNotEchoIsNotAPeer() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread t = Thread.ofPlatform().start(() -> acceptAndClose(server));
      UsageException e =
          assertThrows(
              UsageException.class,
              () ->
                  PeerAddress.checkReachable(
                      "127.0.0.1:" + server.getLocalPort(), Duration.ofSeconds(5)));
      assertTrue(e.getMessage().contains("not a virtpath peer"), e.getMessage());
      t.join(2000);
    }
  }

  @Test
  void tcpWithoutUdpIsReportedAsAUdpProblem() throws Exception {
    // A TCP echo with no UDP socket on its port: the kernel answers UDP with "port unreachable".
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread t = Thread.ofPlatform().start(() -> echoOnce(server));
      UsageException e =
          assertThrows(
              UsageException.class,
              () ->
                  PeerAddress.checkReachable(
                      "127.0.0.1:" + server.getLocalPort(), Duration.ofSeconds(3)));
      assertTrue(e.getMessage().contains("UDP port refused"), e.getMessage());
      assertTrue(e.getMessage().contains("firewall"), e.getMessage());
      t.join(2000);
    }
  }

  private static void acceptAndClose(ServerSocket server) {
    try (Socket s = server.accept()) {
      s.getInputStream().read();
    } catch (IOException e) {
      // the test's assertion tells what went wrong
    }
  }

  private static void echoOnce(ServerSocket server) {
    try (Socket s = server.accept()) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      in.read(); // mode byte
      out.write(in.read());
      in.read(); // until the client closes
    } catch (IOException e) {
      // the test's assertion tells what went wrong
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
