package io.virtpath.lab.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What of the host the container target sees, read-only and at the host's paths: the system
 * directories the JVM and the shell need, a few files of /etc that name users and hosts (never
 * shadow files or keys), the JDK and the jar. Nothing else: no /root, /home, /var or results of
 * other runs. Top-level directories that are symlinks on the host (merged /usr: /bin -> usr/bin)
 * are recreated as the same symlinks in the container's root instead of being bound.
 *
 * @param binds host paths bound read-only at the same path, in mount order
 * @param symlinks root-level links to recreate: name (e.g. "bin") to target ("usr/bin")
 */
public record HostView(List<Path> binds, Map<String, String> symlinks) {
  static final List<String> SYSTEM_DIRS =
      List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
  static final List<String> ETC_FILES = List.of(
      "/etc/passwd", "/etc/group", "/etc/hosts", "/etc/nsswitch.conf", "/etc/host.conf",
      "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime", "/etc/os-release",
      // Debian reaches many /usr/bin commands (awk, java ...) through these links
      "/etc/alternatives");

  public HostView {
    binds = List.copyOf(binds);
    symlinks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(symlinks));
  }

  /** The view for running {@code java -jar jar}: the system, the JDK home and the jar. */
  public static HostView forJava(Path java, Path jar) throws IOException {
    List<Path> binds = new ArrayList<>();
    Map<String, String> links = new LinkedHashMap<>();
    for (String d : SYSTEM_DIRS) {
      Path p = Path.of(d);
      if (Files.isSymbolicLink(p)) {
        links.put(p.getFileName().toString(), Files.readSymbolicLink(p).toString());
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        binds.add(p);
      }
    }
    for (String f : ETC_FILES) {
      if (Files.exists(Path.of(f))) {
        binds.add(Path.of(f));
      }
    }
    Path javaHome = java.toRealPath().getParent().getParent();
    if (!covered(binds, javaHome)) {
      binds.add(javaHome);
    }
    Path jarPath = jar.toAbsolutePath().normalize();
    if (!covered(binds, jarPath.toRealPath())) {
      binds.add(jarPath);
    }
    return new HostView(binds, links);
  }

  private static boolean covered(List<Path> binds, Path real) {
    return binds.stream().anyMatch(b -> Files.isDirectory(b) && real.startsWith(b));
  }
}
