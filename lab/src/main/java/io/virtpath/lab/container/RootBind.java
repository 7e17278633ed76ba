package io.virtpath.lab.container;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's root: the host's {@code /} bind-mounted (with everything mounted below it) at
 * the bundle's rootfs, every mount of that copy read-only. runc cannot use {@code /} itself
 * (pivot_root refuses the current root), a bind of it works.
 */
final class RootBind {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Per-mount flags worth keeping when a copy is remounted read-only. */
  private static final List<String> KEPT =
      List.of("nosuid", "nodev", "noexec", "noatime", "nodiratime", "relatime", "strictatime");

  private RootBind() {}

  static void mount(Path rootfs) throws IOException {
    Shell.run(TIMEOUT, "mount", "--rbind", "/", rootfs.toString()).orThrow();
    // Slave: host mounts and unmounts still reach the copy, nothing done to the copy reaches the
    // host (/run/netns, for one, is a shared mount).
    Shell.run(TIMEOUT, "mount", "--make-rslave", rootfs.toString()).orThrow();
    // "ro" on a bind applies to one mount only, and util-linux 2.38 has no recursive form: remount
    // each mount of the copy, parents first.
    for (MountTable.Mount m : MountTable.under(MountTable.read(), rootfs)) {
      List<String> opts = new ArrayList<>(List.of("remount", "bind", "ro"));
      for (String o : m.options().split(",")) {
        if (KEPT.contains(o)) {
          opts.add(o);
        }
      }
      Shell.run(TIMEOUT, "mount", "-o", String.join(",", opts), m.mountPoint()).orThrow();
    }
  }

  /** Unmounts everything at or below {@code dir}; lazily when busy. Returns what is left. */
  static List<String> unmount(Path dir) throws IOException {
    if (!mountsUnder(dir).isEmpty()) {
      if (!Shell.run(TIMEOUT, "umount", "-R", dir.toString()).ok()) {
        Shell.run(TIMEOUT, "umount", "-R", "-l", dir.toString());
      }
    }
    return mountsUnder(dir);
  }

  static List<String> mountsUnder(Path dir) throws IOException {
    return MountTable.under(MountTable.read(), dir).stream().map(MountTable.Mount::mountPoint)
        .toList();
  }
}
