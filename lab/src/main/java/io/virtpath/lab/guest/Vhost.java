package io.virtpath.lab.guest;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * Whether QEMU can hand virtio-net's data path to the host kernel (vhost-net): /dev/vhost-net must
 * exist and open read-write. The module is not always loaded at boot, so one modprobe is tried.
 */
public final class Vhost {
  /** The answer and why, for the manifest ("ok", "/dev/vhost-net missing; modprobe: ..."). */
  public record Status(boolean usable, String detail) {}

  private static final Path DEVICE = Path.of("/dev/vhost-net");
  private static Status cached;

  private Vhost() {}

  /** Checked once per JVM: the answer does not change during a lab run. */
  public static synchronized Status check() {
    if (cached == null) {
      cached = probe();
    }
    return cached;
  }

  private static Status probe() {
    String modprobe = "";
    if (!Files.exists(DEVICE)) {
      try {
        Shell.Result r =
            Shell.run(List.of(QemuArgs.tool("modprobe", "kmod"), "vhost_net"), Duration.ofSeconds(20));
        modprobe = r.ok() ? "; loaded vhost_net" : "; modprobe vhost_net: " + lastLine(r.stderr());
      } catch (IOException e) {
        modprobe = "; modprobe vhost_net: " + e.getMessage();
      }
      if (!Files.exists(DEVICE)) {
        return new Status(false, DEVICE + " missing" + modprobe);
      }
    }
    try {
      FileChannel.open(DEVICE, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
      return new Status(true, "ok: " + DEVICE + " opens read-write" + modprobe);
    } catch (IOException e) {
      return new Status(false, DEVICE + " does not open read-write: " + e.getMessage() + modprobe);
    }
  }

  private static String lastLine(String s) {
    List<String> lines = s.strip().lines().toList();
    return lines.isEmpty() ? "failed" : lines.getLast();
  }
}
