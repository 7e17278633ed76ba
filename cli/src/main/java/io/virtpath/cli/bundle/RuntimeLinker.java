package io.virtpath.cli.bundle;

import io.virtpath.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Links the bundle's Java runtime with the running JDK's {@code jlink}: only the modules virtpath.jar uses. */
final class RuntimeLinker {
  /**
   * What the bundle's jar (BundleJar) needs to run, fork and serve: derived with {@code jdeps
   * --multi-release 25 -verbose:class -filter:none} on the shaded jar (after deleting picocli's
   * META-INF/versions/9/module-info.class: with it, jdeps takes the whole jar for module
   * info.picocli), following class reachability from everything but the controller's commands.
   * java.management is JMH's (MXBeans in every fork), java.logging JMH's fork-output drainer's and
   * SnakeYAML's, jdk.unsupported JMH's Unsafe. Left out on purpose: java.desktop (AWT for the
   * charts, and java.beans, which SnakeYAML's bean introspection would use and Jackson's YAML does
   * not), java.sql and java.xml (Jackson's and picocli's optional converters, loaded only when a
   * type needs them): together 12 MB of the compressed tarball. Checked by running the suites
   * forked and in one JVM, the peer and fingerprint on a bundle (BundleIT). Re-derive it when a
   * dependency changes: a missing module is a NoClassDefFoundError in the guest.
   */
  static final List<String> MODULES =
      List.of("java.base", "java.logging", "java.management", "jdk.unsupported");

  /**
   * No jlink compression: the tarball's gzip does better on the raw modules file than on modules
   * compressed one by one (measured on JDK 25.0.3 with the modules above: 19.5 MB gzipped with
   * zip-0, 23.0 MB with zip-6; unpacked 60 MB against 45 MB), and classes load without inflating in
   * every JMH fork. Debug attributes, headers and man pages are of no use to someone running the
   * suites.
   */
  static final List<String> OPTIONS =
      List.of("--strip-debug", "--no-header-files", "--no-man-pages", "--compress", "zip-0");

  private final Path javaHome;

  RuntimeLinker(Path javaHome) {
    this.javaHome = javaHome;
  }

  /** Links into {@code target}, which must not exist yet; jlink's output goes to {@code log}. */
  void link(Path target, Path log) throws IOException, InterruptedException {
    Path jlink = javaHome.resolve("bin/jlink");
    if (!Files.isExecutable(jlink)) {
      throw new UsageException("virtpath bundle needs a JDK's jlink, and " + javaHome + " has no bin/jlink "
          + "(a bundle's own runtime cannot build bundles): run it with a JDK 25, e.g. ./virtpath bundle");
    }
    List<String> cmd = new ArrayList<>(List.of(jlink.toString(), "--add-modules", String.join(",", MODULES)));
    cmd.addAll(OPTIONS);
    cmd.addAll(List.of("--output", target.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    int exit = p.waitFor();
    if (exit != 0) {
      List<String> lines = Files.readAllLines(log);
      throw new IOException("jlink exited with " + exit + ": "
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }
  }
}
