package io.virtpath.cli.it.remote;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * config.json of the bare container (OCI runtime spec 1.0), after the lab's BundleSpec with what
 * differs for a machine of its own: a writable root that is the {@link BareRootfs} copy (no host
 * directory bound in, not even /sys/fs/cgroup: the JVM then sees the machine's CPUs and memory, as
 * on a small host), the network namespace of the {@link RemoteNet} guest, and no resource limits.
 */
final class BareSpec {
  static final String PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

  /** Docker's default set, as the lab's container target has. */
  static final List<String> CAPABILITIES = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
      "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
      "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

  static final List<String> MASKED = List.of(
      "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
      "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware");

  static final List<String> READ_ONLY = List.of(
      "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  /**
   * PID 1 only waits: commands come through {@code runc exec}. A sleep as PID 1 ignores SIGTERM
   * (the kernel drops signals PID 1 has no handler for), so the container is stopped with SIGKILL.
   */
  static final List<String> INIT = List.of("/bin/sleep", "2147483647");

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private BareSpec() {}

  static ObjectNode build(String id, String netnsPath) {
    ObjectNode spec = F.objectNode();
    spec.put("ociVersion", "1.0.2");
    spec.set("process", process());
    ObjectNode root = spec.putObject("root");
    root.put("path", "rootfs");
    root.put("readonly", false);
    spec.put("hostname", id);
    spec.set("mounts", mounts());
    spec.set("linux", linux(id, netnsPath));
    return spec;
  }

  /** Also what every {@code runc exec} gets: user, environment, capabilities, no new privileges. */
  private static ObjectNode process() {
    ObjectNode p = F.objectNode();
    p.put("terminal", false);
    ObjectNode user = p.putObject("user");
    user.put("uid", 0);
    user.put("gid", 0);
    strings(p.putArray("args"), INIT);
    strings(p.putArray("env"), List.of("PATH=" + PATH, "HOME=/root"));
    p.put("cwd", "/");
    ObjectNode caps = p.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      strings(caps.putArray(set), CAPABILITIES);
    }
    p.put("noNewPrivileges", true);
    return p;
  }

  /** What `runc spec` mounts, minus cgroups: fresh proc, sysfs and device file systems only. */
  private static ArrayNode mounts() {
    ArrayNode m = F.arrayNode();
    mount(m, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
    mount(m, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
    mount(m, "/dev/pts", "devpts", "devpts",
        "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
    mount(m, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
    mount(m, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
    mount(m, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
    return m;
  }

  private static ObjectNode linux(String id, String netnsPath) {
    ObjectNode linux = F.objectNode();
    // Flat and named after the fixture, as the lab's: nothing shared to clean up.
    linux.put("cgroupsPath", "/virtpath-" + id);
    ObjectNode deny = linux.putObject("resources").putArray("devices").addObject();
    deny.put("allow", false);
    deny.put("access", "rwm");
    ArrayNode ns = linux.putArray("namespaces");
    for (String type : List.of("pid", "ipc", "uts", "mount")) {
      ns.addObject().put("type", type);
    }
    ns.addObject().put("type", "network").put("path", netnsPath);
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
