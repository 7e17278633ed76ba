package io.virtpath.lab.guest;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** QEMU's version as {@code qemu-system-x86_64 --version} reports it: options differ by it. */
record QemuVersion(int major, int minor) {
  private static final Pattern VERSION = Pattern.compile("QEMU emulator version (\\d+)\\.(\\d+)");
  private static QemuVersion installed;

  /** Parsed from the text of {@code --version}, e.g. "QEMU emulator version 7.2.22 (Debian ...)". */
  static QemuVersion parse(String text) throws IOException {
    Matcher m = VERSION.matcher(text);
    if (!m.find()) {
      throw new IOException(
          "cannot tell the QEMU version from qemu-system-x86_64 --version: "
              + text.strip().lines().findFirst().orElse("(no output)"));
    }
    return new QemuVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The installed QEMU's version, asked once per JVM. */
  static synchronized QemuVersion installed() throws IOException {
    if (installed == null) {
      Shell.Result r =
          Shell.run(
              List.of(QemuArgs.tool("qemu-system-x86_64", "qemu-system-x86"), "--version"),
              Duration.ofSeconds(30));
      installed = parse(r.stdout());
    }
    return installed;
  }

  boolean atLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  /**
   * The option that makes QEMU setuid/setgid to {@code user} after opening its devices: {@code
   * -runas} up to 8.x, {@code -run-with user=} from 9.0 (which deprecated -runas).
   */
  List<String> runAs(String user) {
    return atLeast(9, 0)
        ? List.of("-run-with", "user=" + QemuArgs.escape(user))
        : List.of("-runas", user);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
