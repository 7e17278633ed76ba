package io.virtpath.analysis.report;

import static org.junit.jupiter.api.Assertions.fail;

import io.virtpath.core.FileTrees;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium (scripts/install-deps.sh installs it), one fresh profile per call.
 * Missing Chromium fails the test with the package to install; it is never skipped. The same
 * flags as the CLI's browser test (cli/src/test/.../it/Chromium.java), which this module cannot
 * reach.
 */
final class Browser {
  private final Path binary;
  private final Path logDir;

  private Browser(Path binary, Path logDir) {
    this.binary = binary;
    this.logDir = logDir;
  }

  static Browser find(Path logDir) throws Exception {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          Files.createDirectories(logDir);
          return new Browser(p, logDir);
        }
      }
    }
    return fail("headless Chromium is needed for this test: apt-get install -y chromium (not on PATH)");
  }

  /** The DOM after the load event and the page's scripts ran, in a window of the given size. */
  String dumpDom(Path html, int width, int height) throws Exception {
    return run("dump-dom", List.of("--window-size=" + width + "," + height, "--virtual-time-budget=10000",
        "--dump-dom", html.toUri().toString()));
  }

  void screenshot(Path html, Path png, int width, int height) throws Exception {
    Files.deleteIfExists(png);
    run("screenshot", List.of("--hide-scrollbars", "--virtual-time-budget=10000", "--window-size=" + width + ","
        + height, "--screenshot=" + png.toAbsolutePath(), html.toUri().toString()));
    if (!Files.exists(png)) {
      fail("chromium wrote no screenshot; log in " + logDir);
    }
  }

  private String run(String name, List<String> args) throws Exception {
    Path profile = Files.createTempDirectory("virtpath-chromium-");
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile));
    cmd.addAll(args);
    Path out = logDir.resolve(name + "-stdout.txt");
    Path err = logDir.resolve(name + "-stderr.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        fail("chromium did not finish within 120 s; logs in " + logDir);
      }
      if (p.exitValue() != 0) {
        fail("chromium exited with " + p.exitValue() + "; logs in " + logDir + ":\n" + Files.readString(err));
      }
      return Files.readString(out);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      FileTrees.delete(profile);
    }
  }
}
