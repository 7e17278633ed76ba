package io.virtpath.lab;

import io.virtpath.core.UsageException;
import io.virtpath.lab.proc.Shell;
import io.virtpath.lab.spec.LabSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the lab needs from the machine, checked (for {@code doctor}) and, where it can be,
 * installed (for {@code lab}, as root on Debian/Ubuntu, saying what it installs).
 */
public final class Prerequisites {
  /**
   * One prerequisite.
   *
   * @param packageName the Debian package that provides it, or null when no package does
   * @param neededFor "all", "guests" or "container"
   */
  public record Item(String name, boolean ok, String detail, String packageName, String neededFor) {}

  private Prerequisites() {}

  public static List<Item> check(LabSpec spec) {
    List<Item> items = new ArrayList<>();
    boolean root = isRoot();
    items.add(new Item("root", root, root ? "running as root" : "namespaces, taps and containers need root (run with sudo)", null, "all"));
    items.add(tool("ip", "iproute2", "all"));
    if (spec.hasGuests()) {
      items.add(tool("qemu-system-x86_64", "qemu-system-x86", "guests"));
      items.add(staticBusybox());
      items.add(tool("mkfs.ext4", "e2fsprogs", "guests"));
      items.add(tool("depmod", "kmod", "guests"));
      items.add(tool("dpkg-deb", "dpkg", "guests"));
      items.add(tool("gzip", "gzip", "guests"));
      items.add(kernel());
      items.add(kvmDevice());
    }
    if (spec.hasContainer()) {
      boolean runc = Shell.onPath("runc");
      boolean crun = Shell.onPath("crun");
      items.add(new Item("OCI runtime", runc || crun,
          runc || crun ? (runc ? "runc" : "") + (runc && crun ? ", " : "") + (crun ? "crun" : "") : "neither runc nor crun on PATH",
          "runc", "container"));
    }
    return items;
  }

  /** Installs missing packages (root on Debian/Ubuntu) or stops with the command to run. */
  public static void ensure(LabSpec spec, PrintStream console) throws IOException {
    List<Item> items = check(spec);
    if (!isRoot()) {
      throw new UsageException("the lab needs root (network namespaces, taps, mounts, containers): run it with sudo");
    }
    Set<String> missing = new LinkedHashSet<>();
    for (Item i : items) {
      if (!i.ok() && i.packageName() != null) {
        missing.add(i.packageName());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    installPackages(missing, "lab", console);
    for (Item i : check(spec)) {
      if (!i.ok() && i.packageName() != null) {
        throw new UsageException("still missing after installing: " + i.name() + " (" + i.detail() + ")");
      }
    }
  }

  /**
   * Installs Debian packages with apt-get (running apt-get update once if the first try fails),
   * saying what it installs; without apt-get or root, stops with the command to run.
   *
   * @param who prefix of the console line ("lab", "validate")
   */
  public static void installPackages(Set<String> missing, String who, PrintStream console) throws IOException {
    String cmd = "apt-get install -y --no-install-recommends " + String.join(" ", missing);
    if (!Shell.onPath("apt-get") || !isRoot()) {
      throw new UsageException("missing: " + String.join(", ", missing)
          + "; install these packages (" + cmd + "), or run as root on Debian/Ubuntu to let " + who + " install them");
    }
    console.println(who + ": installing missing packages: " + String.join(" ", missing) + " (" + cmd + ")");
    List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
    install.addAll(missing);
    Shell.Result r = Shell.run(install, Duration.ofMinutes(20));
    if (!r.ok()) {
      console.println(who + ": apt-get install failed; running apt-get update first");
      Shell.run(Duration.ofMinutes(10), "apt-get", "update", "-q");
      r = Shell.run(install, Duration.ofMinutes(20));
    }
    if (!r.ok()) {
      throw new UsageException("could not install " + String.join(" ", missing) + " (exit " + r.exit() + "): "
          + r.stderr().strip().lines().reduce((a, b) -> b).orElse("") + "; run '" + cmd + "' yourself");
    }
  }

  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0"); // effective uid
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "root".equals(System.getProperty("user.name"));
  }

  private static Item tool(String program, String pkg, String neededFor) {
    boolean ok = Shell.onPath(program);
    return new Item(program, ok, ok ? "found" : "not on PATH", pkg, neededFor);
  }

  /** The initramfs needs a static busybox: a dynamic one would need its libc inside. */
  private static Item staticBusybox() {
    Path bb = Path.of("/bin/busybox");
    if (!Files.isRegularFile(bb)) {
      return new Item("busybox (static)", false, "/bin/busybox missing", "busybox-static", "guests");
    }
    try {
      byte[] head = Files.readAllBytes(bb);
      boolean dynamic = new String(head, 0, Math.min(head.length, 8192), StandardCharsets.ISO_8859_1).contains("/ld-linux");
      return new Item("busybox (static)", !dynamic, dynamic ? "/bin/busybox is dynamically linked" : "/bin/busybox", "busybox-static", "guests");
    } catch (IOException e) {
      return new Item("busybox (static)", false, e.getMessage(), "busybox-static", "guests");
    }
  }

  private static Item kernel() {
    String release = Shell.uname();
    Path host = Path.of("/boot/vmlinuz-" + release);
    if (Files.isReadable(host) && Files.isDirectory(Path.of("/lib/modules", release))) {
      return new Item("guest kernel", true, "host kernel " + host, null, "guests");
    }
    boolean apt = Shell.onPath("apt-get");
    return new Item("guest kernel", apt,
        apt ? "no " + host + "; a Debian kernel package is fetched with apt-get download on first use"
            : "no " + host + " and no apt-get to fetch a Debian kernel",
        null, "guests");
  }

  private static Item kvmDevice() {
    Path kvm = Path.of("/dev/kvm");
    if (!Files.exists(kvm)) {
      return new Item("/dev/kvm", true, "absent: guests run under TCG (software emulation)", null, "guests");
    }
    return new Item("/dev/kvm", true, "present" + (Files.isWritable(kvm) ? "" : " but not writable")
        + "; usability is proven only by booting (doctor --probe-kvm, or lab --accel auto)", null, "guests");
  }
}
