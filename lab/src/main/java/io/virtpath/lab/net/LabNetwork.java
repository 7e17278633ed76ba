package io.virtpath.lab.net;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The lab's private network: a namespace {@code vp-<labId>-lab} holding a bridge with the peer's
 * address, and one namespace per container target (veth) or one tap per guest, all on that bridge.
 *
 * <p>No device is ever created in the initial network namespace: veth pairs are created with both
 * ends placed in their namespaces by the same netlink request, taps are created from inside the
 * lab namespace. So the host's own interfaces, routes and firewall are never touched, and every
 * name and address lives in namespaces named after the lab id: two labs at once do not collide
 * even though both use 10.77.0.0/24.
 */
public final class LabNetwork implements AutoCloseable {
  public static final String PEER_IP = "10.77.0.1";
  public static final int MTU = 1500;
  static final String BRIDGE = "br0";
  private static final String SUBNET = "10.77.0.";
  private static final int PREFIX = 24;
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);
  // Used in namespace names, container ids and cgroup paths: keep it to safe file-name characters.
  private static final Pattern LAB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}");
  private static final Pattern TARGET = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

  private final String labId;
  private final String labNs;
  private final Path log;
  private final List<String> namespaces = new ArrayList<>(); // created by us, lab first
  private final List<String> labDevices = new ArrayList<>(); // veth ends and taps in labNs
  private final Set<String> targets = new HashSet<>();
  private int nextHost = 2;
  private boolean closed;

  private LabNetwork(String labId, Path logDir) {
    this.labId = labId;
    this.labNs = namespaceName(labId, "lab");
    this.log = logDir.resolve("network.log");
  }

  /** Creates the lab namespace and its bridge; everything is undone if a step fails. */
  public static LabNetwork create(String labId, Path logDir) throws IOException {
    if (labId == null || !LAB_ID.matcher(labId).matches()) {
      throw new IllegalArgumentException(
          "lab id '" + labId + "' must match " + LAB_ID.pattern() + " (it names namespaces)");
    }
    Files.createDirectories(logDir);
    LabNetwork net = new LabNetwork(labId, logDir);
    try {
      net.addNetns(net.labNs);
      net.ip("-n", net.labNs, "link", "add", BRIDGE, "mtu", "" + MTU, "type", "bridge");
      net.ip("-n", net.labNs, "addr", "add", PEER_IP + "/" + PREFIX, "dev", BRIDGE);
      net.ip("-n", net.labNs, "link", "set", BRIDGE, "up");
      return net;
    } catch (IOException | RuntimeException e) {
      net.close();
      throw e;
    }
  }

  /** A new namespace for {@code target} with eth0 on the bridge at the next free address. */
  public synchronized Endpoint addNamespace(String target) throws IOException {
    claim(target);
    int host = nextHost();
    String ns = namespaceName(labId, target);
    String peerEnd = "veth" + host;
    addNetns(ns);
    // One request, both ends created directly in their namespaces (see the class comment).
    ip("link", "add", "eth0", "mtu", "" + MTU, "netns", ns,
        "type", "veth", "peer", "name", peerEnd, "mtu", "" + MTU, "netns", labNs);
    labDevices.add(peerEnd);
    ip("-n", labNs, "link", "set", peerEnd, "master", BRIDGE, "up");
    String cidr = SUBNET + host + "/" + PREFIX;
    ip("-n", ns, "addr", "add", cidr, "dev", "eth0");
    ip("-n", ns, "link", "set", "eth0", "up");
    return new Endpoint(ns, NetNs.path(ns), "eth0", cidr, SUBNET + host);
  }

  /** A persistent tap in the lab namespace, on the bridge; the guest takes the next address. */
  public synchronized TapEndpoint addTap(String target) throws IOException {
    claim(target);
    int host = nextHost();
    String tap = "tap" + host;
    ip("-n", labNs, "tuntap", "add", "dev", tap, "mode", "tap");
    labDevices.add(tap);
    ip("-n", labNs, "link", "set", tap, "mtu", "" + MTU, "master", BRIDGE, "up");
    // 52:54:00 is QEMU's prefix and has the locally-administered bit set; the last byte is the
    // host part of the address, so it is unique on this lab's bridge.
    String mac = String.format("52:54:00:77:00:%02x", host);
    return new TapEndpoint(labNs, tap, SUBNET + host + "/" + PREFIX, SUBNET + host, mac);
  }

  public String labId() {
    return labId;
  }

  /** Where the peer runs: {@code ip netns exec <this> ...}. */
  public String labNamespace() {
    return labNs;
  }

  public String peerIp() {
    return PEER_IP;
  }

  public int mtu() {
    return MTU;
  }

  /** Namespaces this lab created and still owns, lab namespace first. */
  public synchronized List<String> namespaces() {
    return List.copyOf(namespaces);
  }

  /**
   * Kills what still runs in our namespaces, deletes taps, veths, the bridge and the namespaces.
   * Idempotent, never throws (problems go to network.log), safe from a shutdown hook and on a
   * half-created lab: it only deletes what this object recorded as created.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<String> reversed = new ArrayList<>(namespaces).reversed();
    try {
      NetNs.killAll(reversed, KILL_GRACE);
    } catch (IOException | RuntimeException e) {
      note("killing processes in " + reversed + ": " + e.getMessage());
    }
    if (namespaces.contains(labNs)) {
      for (String dev : labDevices.reversed()) {
        quietly("-n", labNs, "link", "del", dev);
      }
      quietly("-n", labNs, "link", "del", BRIDGE);
    }
    for (String ns : reversed) {
      quietly("netns", "del", ns);
    }
  }

  /**
   * Namespaces still present for a lab: {@code leftovers(labId)} matches {@code vp-<labId>-*};
   * {@code leftovers("")} matches every virtpath namespace; a trailing {@code *} makes the
   * argument a prefix of the lab id ({@code leftovers("t-*")}).
   */
  public static List<String> leftovers(String labIdOrPrefix) throws IOException {
    String prefix;
    if (labIdOrPrefix.isEmpty()) {
      prefix = "vp-";
    } else if (labIdOrPrefix.endsWith("*")) {
      prefix = "vp-" + labIdOrPrefix.substring(0, labIdOrPrefix.length() - 1);
    } else {
      prefix = "vp-" + labIdOrPrefix + "-";
    }
    return NetNs.list().stream().filter(n -> n.startsWith(prefix)).toList();
  }

  static String namespaceName(String labId, String target) {
    return "vp-" + labId + "-" + target;
  }

  private void claim(String target) {
    if (closed) {
      throw new IllegalStateException("lab network " + labId + " is closed");
    }
    if (target == null || !TARGET.matcher(target).matches() || target.equals("lab")) {
      throw new IllegalArgumentException(
          "target name '" + target + "' must match " + TARGET.pattern() + " and not be 'lab'");
    }
    if (!targets.add(target)) {
      throw new IllegalArgumentException("target '" + target + "' already has a network");
    }
  }

  private int nextHost() {
    if (nextHost > 254) {
      throw new IllegalStateException("10.77.0.0/24 is full: at most 253 targets per lab");
    }
    return nextHost++;
  }

  private void addNetns(String ns) throws IOException {
    if (NetNs.exists(ns)) {
      // Not ours: another lab with this id, or a crashed one. Never delete it on its behalf.
      throw new IOException(
          "network namespace " + ns + " already exists (another lab with id " + labId
              + " is running, or one crashed): check with 'ip netns pids " + ns
              + "', remove with 'ip netns del " + ns + "'");
    }
    ip("netns", "add", ns);
    namespaces.add(ns);
    ip("-n", ns, "link", "set", "lo", "up");
  }

  private void ip(String... args) throws IOException {
    Shell.Result r = run(args);
    if (!r.ok() && r.stderr().contains("Operation not permitted")) {
      throw new IOException(
          "'" + Shell.quote(r.command()) + "' failed: " + r.stderr().strip()
              + " (the lab network needs root: run virtpath lab as root)");
    }
    r.orThrow();
  }

  private void quietly(String... args) {
    try {
      run(args);
    } catch (IOException | RuntimeException e) {
      note("ip " + String.join(" ", args) + ": " + e.getMessage());
    }
  }

  private Shell.Result run(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    Shell.Result r = Shell.run(cmd, NetNs.TIMEOUT);
    note(Shell.quote(cmd) + " -> " + r.exit() + (r.ok() ? "" : ": " + r.stderr().strip()));
    return r;
  }

  private void note(String line) {
    try {
      Files.writeString(
          log, line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("virtpath: lab network " + labId + ": " + line);
    }
  }
}
