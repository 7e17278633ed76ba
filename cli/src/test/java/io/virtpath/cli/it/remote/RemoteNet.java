package io.virtpath.cli.it.remote;

import io.virtpath.lab.net.NetNs;
import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two network namespaces joined by a veth pair, the wire between a remote run's controller and its
 * guest: {@code vpr-<id>-ctl} with 10.79.K.1/24 and {@code vpr-<id>-guest} with 10.79.K.2/24, eth0
 * on both sides. K is random, so a remote run that hard-codes an address instead of using the one
 * it is given fails here rather than passing by luck; two fixtures never collide anyway, since
 * each pair of namespaces is a network of its own.
 *
 * <p>As {@code LabNetwork}: the veth is created with both ends placed in their namespaces by one
 * netlink request, so nothing is ever created in the initial namespace, and close() deletes only
 * what this object created.
 */
public final class RemoteNet implements AutoCloseable {
  public static final String PREFIX = "vpr-";
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);
  private static final String IFNAME = "eth0";

  private final String id;
  private final int subnet;
  private final Path log;
  private final List<String> created = new ArrayList<>();
  private boolean closed;

  private RemoteNet(String id, int subnet, Path logDir) {
    this.id = id;
    this.subnet = subnet;
    this.log = logDir.resolve("network.log");
  }

  /** Creates both namespaces and the link; on any failure what was created is deleted again. */
  public static RemoteNet create(Path logDir) throws IOException {
    Files.createDirectories(logDir);
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    RemoteNet net = new RemoteNet(HexFormat.of().formatHex(random),
        ThreadLocalRandom.current().nextInt(1, 255), logDir);
    try {
      net.addNetns(net.controller());
      net.addNetns(net.guest());
      net.ip("link", "add", IFNAME, "netns", net.controller(),
          "type", "veth", "peer", "name", IFNAME, "netns", net.guest());
      net.ip("-n", net.controller(), "addr", "add", net.controllerIp() + "/24", "dev", IFNAME);
      net.ip("-n", net.guest(), "addr", "add", net.guestIp() + "/24", "dev", IFNAME);
      net.ip("-n", net.controller(), "link", "set", IFNAME, "up");
      net.ip("-n", net.guest(), "link", "set", IFNAME, "up");
      return net;
    } catch (IOException | RuntimeException e) {
      net.close();
      throw e;
    }
  }

  /** The 6 hex characters that name this fixture's namespaces (and its sshd's and container's files). */
  public String id() {
    return id;
  }

  /** Where the controller (virtpath remote, the peer) runs: {@code ip netns exec} this. */
  public String controller() {
    return PREFIX + id + "-ctl";
  }

  /** Where the targets (sshd, the bare container) are. */
  public String guest() {
    return PREFIX + id + "-guest";
  }

  public String controllerIp() {
    return "10.79." + subnet + ".1";
  }

  public String guestIp() {
    return "10.79." + subnet + ".2";
  }

  /** The guest namespace's file, for an OCI runtime to join. */
  public String guestNetnsPath() {
    return NetNs.path(guest());
  }

  /** The namespaces this object created and has not deleted yet. */
  public synchronized List<String> namespaces() {
    return List.copyOf(created);
  }

  /**
   * Kills whatever still runs in the namespaces (a stray sshd session, a container's init), then
   * deletes them; the veth goes with them. Idempotent, never throws: problems go to network.log.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<String> reversed = new ArrayList<>(created).reversed();
    try {
      NetNs.killAll(reversed, KILL_GRACE);
    } catch (IOException | RuntimeException e) {
      note("killing processes in " + reversed + ": " + e.getMessage());
    }
    for (String ns : reversed) {
      try {
        if (run("netns", "del", ns).ok()) {
          created.remove(ns);
        }
      } catch (IOException | RuntimeException e) {
        note("ip netns del " + ns + ": " + e.getMessage());
      }
    }
  }

  private void addNetns(String ns) throws IOException {
    if (NetNs.list().contains(ns)) {
      // Not ours (3 random bytes collided with a crashed run's): never delete it on its behalf.
      throw new IOException("network namespace " + ns + " already exists: check with 'ip netns pids "
          + ns + "', remove with 'ip netns del " + ns + "'");
    }
    ip("netns", "add", ns);
    created.add(ns);
    ip("-n", ns, "link", "set", "lo", "up");
  }

  private void ip(String... args) throws IOException {
    run(args).orThrow();
  }

  private Shell.Result run(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    Shell.Result r = Shell.run(cmd, Duration.ofSeconds(15));
    note(Shell.quote(cmd) + " -> " + r.exit() + (r.ok() ? "" : ": " + r.stderr().strip()));
    return r;
  }

  private void note(String line) {
    try {
      Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("remote fixture network " + id + ": " + line);
    }
  }
}
