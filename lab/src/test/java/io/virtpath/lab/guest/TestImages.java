package io.virtpath.lab.guest;

import io.virtpath.lab.Prerequisites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** One GuestImage for all tests in this JVM, in the lab's cache (built once, then reused). */
final class TestImages {
  private static GuestImage image;

  private TestImages() {}

  /**
   * The lab's own cache, /var/cache/virtpath (its --cache default, cli LabSettings), so that a
   * machine fetches the guest kernel (about 400 MB unpacked) once for the lab and the tests, not
   * once each. Only root can write there, and only root runs these (privileged) tests; another
   * user who runs them anyway gets ~/.cache/virtpath. -Dvirtpath.lab.cache=DIR overrides both.
   */
  static Path cacheDir() {
    String dir = System.getProperty("virtpath.lab.cache");
    if (dir != null) {
      return Path.of(dir);
    }
    return Prerequisites.isRoot()
        ? Path.of("/var/cache/virtpath")
        : Path.of(System.getProperty("user.home"), ".cache", "virtpath");
  }

  static synchronized GuestImage image() {
    if (image == null) {
      try {
        image = GuestImage.prepare(cacheDir(), line -> System.err.println("[guest-image] " + line));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return image;
  }

  /** QEMU processes still running that were started for guest {@code name}. */
  static List<ProcessHandle> qemuProcesses(String name) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(
            p -> {
              String cmd = p.info().commandLine().orElse("");
              return cmd.contains("qemu-system") && cmd.contains("-name " + name + ",");
            })
        .toList();
  }
}
