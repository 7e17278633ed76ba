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
   * What virtpath.jar needs, derived once with {@code jdeps --multi-release 25 --print-module-deps
   * --ignore-missing-deps} on the shaded jar after deleting picocli's
   * META-INF/versions/9/module-info.class (with it, jdeps takes the whole jar for module
   * info.picocli and answers java.base alone). java.desktop is AWT for report's charts, java.sql
   * picocli's optional converters; checked by running the suites on a bundle (BundleIT). Re-derive
   * it when a dependency changes: a missing module is a NoClassDefFoundError in the guest.
   */
  static final List<String> MODULES =
      List.of("java.base", "java.desktop", "java.management", "java.sql", "jdk.unsupported");

  /**
   * No jlink compression: the tarball's gzip does better on the raw modules file than on modules
   * compressed one by one (measured on JDK 25.0.3: 31.7 MB gzipped with zip-0, 38.7 MB with zip-6;
   * unpacked 96 MB against 65 MB), and classes load without inflating in every JMH fork. Debug
   * attributes, headers and man pages are of no use to someone running the suites.
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
