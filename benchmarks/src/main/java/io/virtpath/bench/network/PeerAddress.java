package io.virtpath.bench.network;

import io.virtpath.core.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A peer's address as the user writes it: {@code HOST:PORT}, or {@code [IPV6]:PORT} because an IPv6
 * literal contains colons itself. Parsing is strict and every complaint says what was given and
 * what is expected, since this text comes from a command line.
 *
 * @param host a name, an IPv4 literal, or an IPv6 literal without brackets
 * @param port 0 (only for a listen address: any free port) or 1 to 65535
 */
public record PeerAddress(String host, int port) {
  private static final String EXAMPLES =
      "expected HOST:PORT, e.g. 192.0.2.10:7000 or [fd00::2]:7000";

  /** Parses the address of a running peer: the port must be 1 to 65535. */
  public static PeerAddress parse(String text) {
    PeerAddress a = parseAny(text);
    if (a.port == 0) {
      throw bad(text, "port 0 is not a peer's port; use the port 'virtpath peer' listens on");
    }
    return a;
  }

  /** Parses an address to listen on: port 0 means "any free port". */
  public static PeerAddress parseListen(String text) {
    return parseAny(text);
  }

  private static PeerAddress parseAny(String text) {
    if (text == null || text.isBlank()) {
      throw new UsageException("empty address: " + EXAMPLES);
    }
    String t = text.strip();
    String host;
    String port;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw bad(text, "'[' without a matching ']'");
      }
      host = t.substring(1, close);
      if (host.isEmpty()) {
        throw bad(text, "empty IPv6 address between '[' and ']'");
      }
      if (close + 1 >= t.length() || t.charAt(close + 1) != ':') {
        throw bad(text, "missing ':PORT' after ']'");
      }
      port = t.substring(close + 2);
    } else {
      int colon = t.lastIndexOf(':');
      if (colon < 0) {
        throw bad(text, "missing ':PORT'");
      }
      host = t.substring(0, colon);
      port = t.substring(colon + 1);
      if (host.contains(":")) {
        throw bad(text, "an IPv6 address must be written in brackets, e.g. [" + host + "]:" + port);
      }
      if (host.isEmpty()) {
        throw bad(
            text,
            "missing HOST (to listen on every interface, write 0.0.0.0:"
                + port
                + " or [::]:"
                + port
                + ")");
      }
    }
    return new PeerAddress(host, parsePort(text, port));
  }

  private static int parsePort(String text, String port) {
    if (port.isEmpty()) {
      throw bad(text, "missing port number after ':'");
    }
    if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw bad(text, "port '" + port + "' is not a number from 1 to 65535");
    }
    int p = Integer.parseInt(port);
    if (p > 65535) {
      throw bad(text, "port " + p + " is out of range (1 to 65535)");
    }
    return p;
  }

  private static UsageException bad(String text, String why) {
    return new UsageException("invalid address '" + text + "': " + why + " (" + EXAMPLES + ")");
  }

  /** Resolves the host (a literal needs no DNS); a name that does not resolve is a usage error. */
  public InetSocketAddress resolve() {
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new UsageException("cannot resolve host '" + host + "' of address " + this);
    }
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * Checks, before any benchmark starts, that a virtpath peer answers at {@code hostPort}: one TCP
   * echo of one byte, then one UDP echo (the UDP benchmark needs it and a firewall may let TCP
   * through but drop UDP). Gives up after {@code timeout} in total.
   *
   * @throws UsageException saying why the peer is unreachable
   */
  public static void checkReachable(String hostPort, Duration timeout) {
    PeerAddress a = parse(hostPort);
    InetSocketAddress to = a.resolve();
    long deadline = System.nanoTime() + timeout.toNanos();
    String hint = "(is 'virtpath peer --listen ...' running there?)";
    try {
      tcpProbe(to, deadline);
    } catch (SocketTimeoutException e) {
      throw unreachable(a, "no TCP answer within " + timeout.toMillis() + " ms", hint);
    } catch (IOException e) {
      throw unreachable(a, "TCP: " + e.getMessage(), hint);
    }
    String udpHint =
        "(TCP answers; is UDP port "
            + a.port
            + " blocked by a firewall between here and the peer?)";
    try {
      udpProbe(to, deadline);
    } catch (SocketTimeoutException e) {
      throw unreachable(a, "no UDP echo within " + timeout.toMillis() + " ms", udpHint);
    } catch (PortUnreachableException e) {
      throw unreachable(a, "UDP port refused (ICMP port unreachable)", udpHint);
    } catch (IOException e) {
      throw unreachable(a, "UDP: " + e.getMessage(), udpHint);
    }
  }

  private static void tcpProbe(InetSocketAddress to, long deadline) throws IOException {
    byte probe = (byte) ThreadLocalRandom.current().nextInt('a', 'z' + 1);
    try (Socket s = new Socket()) {
      s.connect(to, remainingMillis(deadline));
      s.setSoTimeout(remainingMillis(deadline));
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {'E', probe});
      out.flush();
      InputStream in = s.getInputStream();
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection was closed without an answer: not a virtpath peer?");
      }
      if ((byte) b != probe) {
        throw new IOException("it answered, but not with an echo: not a virtpath peer?");
      }
    }
  }

  private static void udpProbe(InetSocketAddress to, long deadline) throws IOException {
    byte[] probe = new byte[16];
    ThreadLocalRandom.current().nextBytes(probe);
    byte[] reply = new byte[64];
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(to);
      // Datagrams may be lost: resend every 500 ms until the deadline.
      while (true) {
        s.send(new DatagramPacket(probe, probe.length));
        s.setSoTimeout(Math.min(500, remainingMillis(deadline)));
        DatagramPacket p = new DatagramPacket(reply, reply.length);
        try {
          s.receive(p);
          if (Arrays.equals(probe, 0, probe.length, reply, 0, p.getLength())) {
            return;
          }
        } catch (SocketTimeoutException e) {
          if (System.nanoTime() - deadline >= 0) {
            throw e;
          }
        }
      }
    }
  }

  /** Whole milliseconds left, at least 1: a timeout of 0 would mean "wait forever" to java.net. */
  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  private static UsageException unreachable(PeerAddress a, String reason, String hint) {
    return new UsageException("peer " + a + " unreachable: " + reason + " " + hint);
  }
}
