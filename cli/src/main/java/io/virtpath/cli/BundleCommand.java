package io.virtpath.cli;

import io.virtpath.cli.bundle.BundleBuilder;
import io.virtpath.runner.BuildInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    description = {
      "Builds a self-contained tarball to run virtpath where no JDK is installed (a guest): a jlink'ed",
      "Java runtime, this virtpath.jar, a launcher bin/virtpath that checks the system's glibc, and bundle.json.",
      "Unpack it anywhere and run <dir>/bin/virtpath run ...; JMH's forks use the bundle's java too."
    })
final class BundleCommand implements Callable<Integer> {
  private final PrintStream out;

  BundleCommand(PrintStream out) {
    this.out = out;
  }

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/bundles",
      description = "directory for the tarball (created if missing). Default: ${DEFAULT-VALUE}")
  Path dir;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    BundleBuilder.Result r =
        new BundleBuilder(Path.of(System.getProperty("java.home")), thisJar(), BuildInfo.version())
            .build(dir.toAbsolutePath().normalize());
    out.printf(Locale.ROOT, "bundle: %.1f MB compressed, %.1f MB unpacked, needs glibc >= %s, built in %.0f s%n",
        r.compressedBytes() / 1e6, r.uncompressedBytes() / 1e6, r.glibc(), (System.nanoTime() - start) / 1e9);
    out.println("unpack it with: tar -xzf " + r.tarball().getFileName() + ", then run "
        + r.tarball().getFileName().toString().replace(".tar.gz", "") + "/bin/virtpath run ...");
    out.println(r.tarball()); // last line: the tarball, as run prints its run directory last
    return Main.OK;
  }

  /** The jar to bundle: the one running this command. */
  private static Path thisJar() {
    return ThisJar.path("virtpath bundle", "bundle");
  }
}
