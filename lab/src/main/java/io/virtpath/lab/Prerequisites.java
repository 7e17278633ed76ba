package io.virtpath.lab;

import io.virtpath.core.UsageException;
import io.virtpath.lab.proc.Shell;
import io.virtpath.lab.spec.LabSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
 * installed (for {@code lab}, as root on Debian/Ubuntu, saying what it installs). Which package
 * provides which program comes from {@code debian-packages.txt} beside this class, the list that
 * {@code scripts/install-deps.sh} (./run-tests, CI) installs from too.
 */
public final class Prerequisites {
  private static final String PACKAGE_LIST = "debian-packages.txt";
  private static final List<Need> NEEDS = readNeeds();

  /**
   * One line of the package list.
   *
   * @param program what is looked for on PATH ("busybox": a static /bin/busybox)
   * @param packageName the Debian package that provides it
   * @param users who needs it: lab-all, lab-guests, lab-container, validate, tests,
   *     privileged-tests
   */
  public record Need(String program, String packageName, Set<String> users) {}

  /**
   * One prerequisite.
   *
   * @param packageName the Debian package that provides it, or null when no package does
   * @param neededFor "all", "guests" or "container"
   */
  public record Item(String name, boolean ok, String detail, String packageName, String neededFor) {}

  private Prerequisites() {}

  /** The whole package list, in its order. */
  public static List<Need> needs() {
    return NEEDS;
  }

  /** The package that provides {@code program}, from the list. */
  static String packageOf(String program) {
    return NEEDS.stream()
        .filter(n -> n.program().equals(program))
        .map(Need::packageName)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(program + " is not in " + PACKAGE_LIST));
  }

  /**
   * What only the tests need (neither the lab nor validate), e.g. cpio: checked by doctor so that
   * a machine is known ready for ./run-tests too.
   */
  public static List<Item> forTests() {
    List<Item> items = new ArrayList<>();
    for (Need n : NEEDS) {
      boolean tests = n.users().contains("tests") || n.users().contains("privileged-tests");
      boolean elsewhere =
          n.users().stream().anyMatch(u -> u.startsWith("lab-") || u.equals("validate"));
      if (tests && !elsewhere) {
        boolean ok = Shell.onPath(n.program());
        items.add(new Item(n.program(), ok,
            ok ? "found" : "not on PATH; ./run-tests installs " + n.packageName() + " itself as root",
            n.packageName(), "tests"));
      }
    }
    return items;
  }

  private static List<Need> readNeeds() {
    try (InputStream in = Prerequisites.class.getResourceAsStream(PACKAGE_LIST)) {
      if (in == null) {
        throw new IllegalStateException(PACKAGE_LIST + " is missing from the jar");
      }
      List<Need> needs = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        String[] f = l.split("\\s+");
        if (f.length < 3) {
          throw new IllegalStateException(PACKAGE_LIST + ": expected PROGRAM PACKAGE USERS: " + line);
        }
        needs.add(new Need(f[0], f[1], Set.of(f[2].split(","))));
      }
      return List.copyOf(needs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PACKAGE_LIST, e);
    }
  }

  public static List<Item> check(LabSpec spec) {
    List<Item> items = new ArrayList<>();
    boolean root = isRoot();
    items.add(new Item("root", root, root ? "running as root" : "namespaces, taps and containers need root (run with sudo)", null, "all"));
    items.add(tool("ip", "all"));
    if (spec.hasGuests()) {
      items.add(tool("qemu-system-x86_64", "guests"));
      items.add(staticBusybox());
      items.add(tool("mkfs.ext4", "guests"));
      items.add(tool("depmod", "guests"));
      items.add(tool("dpkg-deb", "guests"));
      items.add(tool("gzip", "guests"));
      items.add(kernel());
      items.add(kvmDevice());
    }
    if (spec.hasContainer()) {
      boolean runc = Shell.onPath("runc");
      boolean crun = Shell.onPath("crun");
      items.add(new Item("OCI runtime", runc || crun,
          runc || crun ? (runc ? "runc" : "") + (runc && crun ? ", " : "") + (crun ? "crun" : "") : "neither runc nor crun on PATH",
          packageOf("runc"), "container"));
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
    waitingForTheLock(who, console);
    List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
    install.addAll(DpkgLock.waitOption());
    install.addAll(missing);
    Shell.Result r = Shell.run(install, Duration.ofMinutes(20));
    if (!r.ok()) {
      console.println(who + ": apt-get install failed; running apt-get update first");
      waitingForTheLock(who, console);
      List<String> update = new ArrayList<>(List.of("apt-get", "update", "-q"));
      update.addAll(DpkgLock.waitOption());
      Shell.run(update, Duration.ofMinutes(10));
      r = Shell.run(install, Duration.ofMinutes(20));
    }
    if (!r.ok()) {
      throw new UsageException("could not install " + String.join(" ", missing) + " (exit " + r.exit() + "): "
          + r.stderr().strip().lines().reduce((a, b) -> b).orElse("") + "; run '" + cmd + "' yourself");
    }
  }

  /** Says so when another installation holds the dpkg lock: apt-get then waits for it (DpkgLock). */
  private static void waitingForTheLock(String who, PrintStream console) {
    DpkgLock.holder(DpkgLock.FRONTEND).ifPresent(pid -> console.println(who + ": another installation ("
        + DpkgLock.describe(pid) + ") holds the dpkg lock; waiting up to " + DpkgLock.WAIT_SECONDS / 60
        + " minutes for it"));
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

  private static Item tool(String program, String neededFor) {
    boolean ok = Shell.onPath(program);
    return new Item(program, ok, ok ? "found" : "not on PATH", packageOf(program), neededFor);
  }

  /** The initramfs needs a static busybox: a dynamic one would need its libc inside. */
  private static Item staticBusybox() {
    Path bb = Path.of("/bin/busybox");
    String pkg = packageOf("busybox");
    if (!Files.isRegularFile(bb)) {
      return new Item("busybox (static)", false, "/bin/busybox missing", pkg, "guests");
    }
    try {
      byte[] head = Files.readAllBytes(bb);
      boolean dynamic = new String(head, 0, Math.min(head.length, 8192), StandardCharsets.ISO_8859_1).contains("/ld-linux");
      return new Item("busybox (static)", !dynamic, dynamic ? "/bin/busybox is dynamically linked" : "/bin/busybox", pkg, "guests");
    } catch (IOException e) {
      return new Item("busybox (static)", false, e.getMessage(), pkg, "guests");
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
