package io.virtpath.lab.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The per-guest boot share, written before QEMU starts and exported read-only (tag vpboot, at
 * {@link #GUEST_PATH} in the guest): the job script, copies of the files the job needs (the jar,
 * so the user's checkout is not exported), the mount table and a minimal /etc.
 *
 * <p>Written before boot because the guest reads it with cache=loose, which would not notice a
 * later change; world-readable because QEMU serves it as nobody.
 */
final class BootDir {
  /** Where the guest sees the boot share. */
  static final String GUEST_PATH = "/.vp/boot";
  static final String JOB = "job.sh";
  static final String MOUNTS = "mounts";

  /**
   * Copied from the host's /etc, following links: what a JVM and the job's tools read (users for
   * user.home, the loader's cache, the time zone). Never shadow, gshadow or ssh keys, and nothing
   * the world may not read.
   */
  private static final List<String> ETC_FILES =
      List.of("passwd", "group", "hosts", "nsswitch.conf", "ld.so.cache", "localtime", "os-release");

  private BootDir() {}

  /**
   * Writes {@code dir}, which must not exist yet or be empty: nothing of an earlier guest may be
   * served to this one.
   *
   * @param files name in the boot share → host file to copy
   */
  static void write(Path dir, String job, GuestExports exports, Map<String, Path> files)
      throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new IOException("boot directory " + dir + " is not empty: pass a fresh directory");
        }
      }
    }
    Files.createDirectories(dir);
    dirMode(dir);
    file(dir.resolve(JOB), job.getBytes(StandardCharsets.UTF_8));
    file(dir.resolve(MOUNTS), exports.mountTable().getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, Path> f : files.entrySet()) {
      Path to = dir.resolve(f.getKey());
      Files.copy(f.getValue(), to, StandardCopyOption.COPY_ATTRIBUTES);
      Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
    }
    Path etc = dir.resolve("etc");
    Files.createDirectory(etc);
    dirMode(etc);
    for (String name : ETC_FILES) {
      copyIfPublic(Path.of("/etc", name), etc.resolve(name));
    }
    // Debian's OpenJDK keeps jvm.cfg, java.security and the like in /etc/java-N-openjdk, linked
    // from the JDK's lib/ and conf/: without them that java does not start.
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/etc"), "java-*")) {
      for (Path javaEtc : ds) {
        if (!Files.isDirectory(javaEtc)) {
          continue;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(javaEtc)) {
          all = s.toList();
        }
        for (Path src : all) {
          Path to = etc.resolve(javaEtc.getFileName()).resolve(javaEtc.relativize(src).toString());
          if (Files.isDirectory(src)) {
            dirMode(Files.createDirectories(to));
          } else {
            copyIfPublic(src, to);
          }
        }
      }
    }
    // Debian's /usr/bin/awk, /usr/bin/java ... are links into /etc/alternatives: copy the links
    // themselves (no content), or those commands would not exist in the guest.
    Path alternatives = Path.of("/etc/alternatives");
    if (Files.isDirectory(alternatives, LinkOption.NOFOLLOW_LINKS)) {
      Path to = Files.createDirectory(etc.resolve("alternatives"));
      dirMode(to);
      try (Stream<Path> s = Files.list(alternatives)) {
        for (Path link : s.filter(Files::isSymbolicLink).toList()) {
          Files.createSymbolicLink(to.resolve(link.getFileName()), Files.readSymbolicLink(link));
        }
      }
    }
  }

  /**
   * Copies a regular file (following links) only when the world may read it: anything private
   * (a JMX password file, say) stays on the host, as it would for nobody anyway.
   */
  private static void copyIfPublic(Path src, Path to) throws IOException {
    if (Files.isRegularFile(src)
        && Files.getPosixFilePermissions(src).contains(PosixFilePermission.OTHERS_READ)) {
      file(to, Files.readAllBytes(src));
    }
  }

  private static void file(Path p, byte[] content) throws IOException {
    Files.write(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private static void dirMode(Path d) throws IOException {
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
