package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, the way a person's browser would open a report: one fresh profile
 * per call, no network services, no sandbox (tests run as root in CI). Missing Chromium fails the
 * test with the package to install; it is never skipped.
 */
final class Chromium {
  static final String INSTALL = "headless Chromium is needed for the report browser test: apt-get install -y chromium";

  private final Path binary;
  private final Path logDir;

  private Chromium(Path binary, Path logDir) {
    this.binary = binary;
    this.logDir = logDir;
  }

  static Chromium find(Path logDir) throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          Files.createDirectories(logDir);
          return new Chromium(p, logDir);
        }
      }
    }
    return fail(INSTALL + " (no chromium or chromium-browser on PATH)");
  }

  /** The DOM after the page's load event and its scripts ran. */
  String dumpDom(Path html) throws Exception {
    return run("dump-dom", List.of("--virtual-time-budget=10000", "--dump-dom", html.toUri().toString()));
  }

  void screenshot(Path html, Path png, int width, int height) throws Exception {
    run("screenshot", List.of("--hide-scrollbars", "--virtual-time-budget=10000", "--window-size=" + width + "," + height,
        "--screenshot=" + png.toAbsolutePath(), html.toUri().toString()));
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
    Files.writeString(logDir.resolve(name + "-command.txt"), String.join(" ", cmd) + "\n");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    try {
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("chromium did not finish within 90 s; logs in " + logDir);
      }
      if (p.exitValue() != 0) {
        fail("chromium exited with " + p.exitValue() + "; logs in " + logDir + ":\n" + Files.readString(err));
      }
      return Files.readString(out);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
      io.virtpath.core.FileTrees.delete(profile);
    }
  }
}
