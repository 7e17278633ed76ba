package io.virtpath.lab.container;

import io.virtpath.core.Mounts;
import java.io.IOException;
import java.util.List;

/**
 * How the host mounts cgroups. It decides the runtime (crun 1.8 refuses hybrid hosts) and the
 * bundle: on v2 the container gets a cgroup namespace and its own cgroup2 mount; on v1/hybrid a
 * {@code cgroup} mount entry makes runc 1.1 fail, so the host hierarchy is bind-mounted read-only
 * instead and the container sees its own limits at the host paths /proc/self/cgroup names.
 */
public enum CgroupLayout {
  /** Only v1 controller hierarchies. */
  V1,
  /** v1 controllers plus a (mostly empty) cgroup2 hierarchy, usually at /sys/fs/cgroup/unified. */
  HYBRID,
  /** Pure cgroup2 at /sys/fs/cgroup. */
  V2;

  public static CgroupLayout detect() throws IOException {
    return from(Mounts.read());
  }

  static CgroupLayout from(List<Mounts.Mount> mounts) throws IOException {
    String top = null;
    boolean v1 = false;
    boolean v2Below = false;
    for (Mounts.Mount m : mounts) {
      if (m.mountPoint().equals("/sys/fs/cgroup")) {
        top = m.fsType(); // the last mount at a path is the visible one
      } else if (m.mountPoint().startsWith("/sys/fs/cgroup/")) {
        v1 |= m.fsType().equals("cgroup");
        v2Below |= m.fsType().equals("cgroup2");
      }
    }
    if ("cgroup2".equals(top)) {
      return V2;
    }
    if (v1) {
      return v2Below ? HYBRID : V1;
    }
    throw new IOException(
        "no cgroup hierarchy mounted at /sys/fs/cgroup (found "
            + (top == null ? "nothing" : top)
            + "): the container's CPU and memory limits need cgroups");
  }
}
