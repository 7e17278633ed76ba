package io.virtpath.lab.guest;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A private network namespace with a tap device for one test guest (10.77.0.1/24 on the tap):
 * nothing touches the host's own interfaces; {@link #close} deletes the namespace and the tap.
 */
final class TestNet implements AutoCloseable {
  static final String TAP = "tap0";
  static final String HOST_IP = "10.77.0.1";
  static final String GUEST_CIDR = "10.77.0.3/24";

  final String netns;

  private TestNet(String netns) {
    this.netns = netns;
  }

  static TestNet create() throws IOException {
    byte[] b = new byte[3];
    ThreadLocalRandom.current().nextBytes(b);
    TestNet net = new TestNet("vptest-" + HexFormat.of().formatHex(b));
    ip("netns", "add", net.netns);
    try {
      ip("-n", net.netns, "link", "set", "lo", "up");
      ip("-n", net.netns, "tuntap", "add", TAP, "mode", "tap");
      ip("-n", net.netns, "addr", "add", HOST_IP + "/24", "dev", TAP);
      ip("-n", net.netns, "link", "set", TAP, "up");
    } catch (IOException | RuntimeException e) {
      net.close();
      throw e;
    }
    return net;
  }

  static boolean exists(String netns) throws IOException {
    return Shell.run(List.of(QemuArgs.tool("ip", "iproute2"), "netns", "list"), Duration.ofSeconds(10))
        .orThrow().stdout().lines().anyMatch(l -> l.split("\\s+")[0].equals(netns));
  }

  private static void ip(String... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(QemuArgs.tool("ip", "iproute2")));
    cmd.addAll(List.of(args));
    Shell.run(cmd, Duration.ofSeconds(10)).orThrow();
  }

  @Override
  public void close() throws IOException {
    ip("netns", "del", netns);
  }
}
