package io.virtpath.lab.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** One GuestImage for all tests in this JVM, in the lab's cache (built once, then reused). */
final class TestImages {
  private static GuestImage image;

  private TestImages() {}

  static Path cacheDir() {
    String dir = System.getProperty("virtpath.lab.cache");
    return dir != null
        ? Path.of(dir)
        : Path.of(System.getProperty("user.home"), ".cache", "virtpath", "lab");
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
              return cmd.contains("qemu-system") && cmd.contains("-name " + name + " ");
            })
        .toList();
  }
}
