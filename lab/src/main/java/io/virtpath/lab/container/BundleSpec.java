package io.virtpath.lab.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundle's config.json (OCI runtime spec 1.0): what `runc spec` generates, adapted to a root
 * that is an empty directory into which the runtime binds the {@link HostView} read-only, and to
 * the host's cgroup layout. Every bind is made by the runtime inside the container's own mount
 * namespace: nothing is mounted on the host, and the mounts die with the container.
 */
final class BundleSpec {
  static final String ROOTFS = "rootfs";
  static final long CPU_PERIOD_US = 100_000;
  /**
   * PID 1's container= variable, which the fingerprint's container detector takes as a strong
   * signal (with the non-initial PID namespace): the fingerprint says kind "container". The detail
   * is "other", unless the host root carries a marker file such as /.dockerenv (this dev machine's
   * does), which the detector then prefers as the detail.
   */
  static final String CONTAINER_ENV = "virtpath-oci";

  static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** Docker's default set: what a benchmark in "a container" usually gets. */
  static final List<String> CAPABILITIES = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
      "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
      "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

  static final List<String> MASKED = List.of(
      "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
      "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware");

  static final List<String> READ_ONLY = List.of(
      "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private BundleSpec() {}

  /**
   * @param limitSwap when the host has swap to account: memory+swap is capped at the memory limit
   *     so the container cannot swap where a guest could not (guests have no swap)
   */
  static ObjectNode build(ContainerConfig c, CgroupLayout layout, boolean limitSwap) {
    ObjectNode spec = F.objectNode();
    spec.put("ociVersion", "1.0.2");
    spec.set("process", process(c));
    ObjectNode root = spec.putObject("root");
    root.put("path", ROOTFS);
    root.put("readonly", true);
    spec.put("hostname", c.hostname());
    spec.set("mounts", mounts(c, layout));
    spec.set("linux", linux(c, layout, limitSwap));
    return spec;
  }

  /** The cgroup the runtime creates: flat, so concurrent labs share no parent to clean up. */
  static String cgroupsPath(String id) {
    return "/virtpath-" + id;
  }

  private static ObjectNode process(ContainerConfig c) {
    ObjectNode p = F.objectNode();
    p.put("terminal", false);
    ObjectNode user = p.putObject("user");
    user.put("uid", 0);
    user.put("gid", 0);
    strings(p.putArray("args"), c.command());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", PATH);
    env.put("HOME", "/root");
    env.put("container", CONTAINER_ENV);
    env.putAll(c.env());
    ArrayNode envs = p.putArray("env");
    env.forEach((k, v) -> envs.add(k + "=" + v));
    p.put("cwd", "/");
    ObjectNode caps = p.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      strings(caps.putArray(set), CAPABILITIES);
    }
    // No rlimits: the container inherits the host's, as the host target does.
    p.put("noNewPrivileges", true);
    return p;
  }

  private static ArrayNode mounts(ContainerConfig c, CgroupLayout layout) {
    ArrayNode m = F.arrayNode();
    mount(m, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
    mount(m, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
    mount(m, "/dev/pts", "devpts", "devpts",
        "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
    mount(m, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
    mount(m, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
    mount(m, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
    if (layout == CgroupLayout.V2) {
      mount(m, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro");
    } else {
      // A "cgroup" entry makes runc 1.1 fail on v1/hybrid hosts. Without a cgroup namespace the
      // container's /proc/self/cgroup names host paths, so the host hierarchy, bind-mounted
      // recursively read-only, shows the container its own limits (the JVM reads them there).
      mount(m, "/sys/fs/cgroup", "bind", "/sys/fs/cgroup", "rbind", "rro", "nosuid", "noexec",
          "nodev");
    }
    mount(m, "/tmp", "tmpfs", "tmpfs", "nosuid", "nodev", "mode=1777");
    // Not rbind: whatever is mounted below a system directory on the host stays out of sight.
    for (Path p : c.hostView().binds()) {
      mount(m, p.toString(), "bind", p.toString(), "bind", "ro", "nosuid", "nodev");
    }
    for (Map.Entry<Path, Path> b : c.readWriteBinds().entrySet()) {
      mount(m, b.getValue().toString(), "bind", b.getKey().toString(), "rbind", "rw");
    }
    return m;
  }

  private static ObjectNode linux(ContainerConfig c, CgroupLayout layout, boolean limitSwap) {
    ObjectNode linux = F.objectNode();
    linux.put("cgroupsPath", cgroupsPath(c.id()));
    ObjectNode res = linux.putObject("resources");
    ObjectNode deny = res.putArray("devices").addObject();
    deny.put("allow", false);
    deny.put("access", "rwm");
    ObjectNode mem = res.putObject("memory");
    mem.put("limit", c.memoryBytes());
    if (limitSwap) {
      mem.put("swap", c.memoryBytes()); // OCI "swap" is memory+swap
    }
    // A time budget, not a cpuset: the guests' vCPUs float over all host CPUs too.
    ObjectNode cpu = res.putObject("cpu");
    cpu.put("quota", c.vcpus() * CPU_PERIOD_US);
    cpu.put("period", CPU_PERIOD_US);
    ArrayNode ns = linux.putArray("namespaces");
    for (String type : List.of("pid", "ipc", "uts", "mount")) {
      ns.addObject().put("type", type);
    }
    ObjectNode net = ns.addObject().put("type", "network");
    if (c.netnsPath() != null) {
      net.put("path", c.netnsPath());
    }
    if (layout == CgroupLayout.V2) {
      ns.addObject().put("type", "cgroup");
    }
    strings(linux.putArray("maskedPaths"), MASKED);
    strings(linux.putArray("readonlyPaths"), READ_ONLY);
    return linux;
  }

  private static void mount(ArrayNode m, String dest, String type, String source, String... opts) {
    ObjectNode o = m.addObject();
    o.put("destination", dest);
    o.put("type", type);
    o.put("source", source);
    strings(o.putArray("options"), List.of(opts));
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }
}
