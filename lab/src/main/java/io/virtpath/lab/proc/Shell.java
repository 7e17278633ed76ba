package io.virtpath.lab.proc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Short commands (ip, mkfs, apt-get ...) run to completion with a time limit. */
public final class Shell {
  /** What a finished command printed. */
  public record Result(List<String> command, int exit, String stdout, String stderr) {
    public boolean ok() {
      return exit == 0;
    }

    /** Throws with the command, exit code and stderr when the command failed. */
    public Result orThrow() throws IOException {
      if (exit != 0) {
        throw new IOException(
            "'" + quote(command) + "' failed (exit " + exit + "): " + stderr.strip());
      }
      return this;
    }
  }

  private Shell() {}

  public static Result run(Duration timeout, String... command) throws IOException {
    return run(List.of(command), timeout);
  }

  public static Result run(List<String> command, Duration timeout) throws IOException {
    Path out = Files.createTempFile("virtpath-cmd", ".out");
    Path err = Files.createTempFile("virtpath-cmd", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      try {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          p.waitFor(5, TimeUnit.SECONDS);
          throw new IOException("'" + quote(command) + "' did not finish within " + timeout.toSeconds() + " s");
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running '" + quote(command) + "'", e);
      }
      return new Result(
          List.copyOf(command),
          p.exitValue(),
          new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
          new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** True when {@code program} is on PATH. */
  public static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** The running kernel's release, as {@code uname -r} prints it. */
  public static String uname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
    } catch (IOException e) {
      return System.getProperty("os.version");
    }
  }

  /** A command line as a shell would need it, for logs and the lab manifest. */
  public static String quote(List<String> command) {
    List<String> parts = new ArrayList<>();
    for (String a : command) {
      parts.add(a.matches("[A-Za-z0-9_./:=,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return String.join(" ", parts);
  }

  public static String tail(Path file, int n) {
    try {
      List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(no " + file.getFileName() + ": " + e.getMessage() + ")";
    }
  }
}
