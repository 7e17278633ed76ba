package io.virtpath.lab.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for building command lines: QEMU option escaping and tool lookup. */
final class QemuArgs {
  private QemuArgs() {}

  /** QEMU splits option values at commas; a literal comma is written twice. */
  static String escape(String value) {
    return value.replace(",", ",,");
  }

  /**
   * The absolute path of {@code tool}: PATH first, then the sbin directories, which a non-login
   * root shell or a CI environment may leave off PATH (mkfs.ext4, depmod, ip live there).
   *
   * @throws IOException saying which package provides the tool
   */
  static String tool(String tool, String debianPackage) throws IOException {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, tool);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IOException(tool + " not found: install the Debian package " + debianPackage);
  }
}
