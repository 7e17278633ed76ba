package io.virtpath.cli.it.remote;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * The root of a machine that has what a virtpath bundle needs and nothing more, above all no JDK:
 * a static busybox with its applets as links (sh, tar, gzip, sha256sum, ip ...), glibc's getconf,
 * the glibc libraries a jlink runtime links against, /etc/passwd, /tmp, /var/tmp and /scratch.
 * Everything is a copy: nothing of the host is bound in, so the container sees only these files.
 */
final class BareRootfs {
  static final String SCRATCH = "/scratch";
  static final Path BUSYBOX = Path.of("/bin/busybox");
  /** Debian's multiarch directory, where the host's glibc is. */
  static final Path HOST_LIBS = Path.of("/lib/x86_64-linux-gnu");
  /**
   * What `ldd` names for a bundle's runtime/bin/java, lib/server/libjvm.so and the lib/*.so a
   * headless run loads (libawt_xawt and libjsound would want X11 and ALSA; virtpath never loads
   * them). The runtime carries its own zlib, so no libz. ld-linux is the program interpreter.
   */
  static final List<String> GLIBC = List.of(
      "ld-linux-x86-64.so.2", "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1");

  private BareRootfs() {}

  /** Fills the empty directory {@code root}. */
  static void populate(Path root) throws IOException {
    for (String d : List.of("bin", "etc", "lib/x86_64-linux-gnu", "lib64", "proc", "sys", "dev",
        SCRATCH.substring(1))) {
      Files.createDirectories(root.resolve(d));
    }
    Files.createDirectories(root.resolve("root"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    for (String sticky : List.of("tmp", "var/tmp")) {
      Path d = Files.createDirectories(root.resolve(sticky));
      // Java's file permissions have no sticky bit.
      Shell.run(Duration.ofSeconds(10), "chmod", "1777", d.toString()).orThrow();
    }
    busybox(root.resolve("bin"));
    // The bundle launcher asks `getconf GNU_LIBC_VERSION` for the glibc version; busybox has no
    // getconf, and a glibc system has glibc's own (Debian's libc-bin), so that is the one copied.
    copy(Path.of("/usr/bin/getconf"), root.resolve("bin/getconf"));
    for (String lib : GLIBC) {
      copy(HOST_LIBS.resolve(lib), root.resolve("lib/x86_64-linux-gnu").resolve(lib));
    }
    // Every x86-64 executable names this path as its interpreter.
    Files.createSymbolicLink(root.resolve("lib64/ld-linux-x86-64.so.2"),
        Path.of("../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
  }

  private static void busybox(Path bin) throws IOException {
    if (!Files.isExecutable(BUSYBOX)
        || new String(Files.readAllBytes(BUSYBOX), StandardCharsets.ISO_8859_1).contains("/ld-linux")) {
      throw new IOException(BUSYBOX + " is missing or not static: scripts/install-deps.sh installs busybox-static");
    }
    copy(BUSYBOX, bin.resolve("busybox"));
    String applets = Shell.run(Duration.ofSeconds(10), BUSYBOX.toString(), "--list").orThrow().stdout();
    for (String applet : applets.lines().map(String::strip).toList()) {
      if (!applet.isEmpty() && !applet.equals("busybox") && !applet.contains("/")) {
        Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
      }
    }
  }

  /** The file's content (a link on the host is followed), executable as the original. */
  private static void copy(Path hostFile, Path target) throws IOException {
    if (!Files.isRegularFile(hostFile)) {
      throw new IOException(hostFile + " is missing on this machine: the bare container copies it from there");
    }
    Files.copy(hostFile.toRealPath(), target);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
