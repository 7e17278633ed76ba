package io.virtpath.cli.it.remote;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Short commands a remote test runs itself (ssh, runc exec) with their stdin given, unlike the lab's
 * {@link Shell}, whose commands read /dev/null: a remote run deploys its bundle through stdin.
 */
public final class Commands {
  /** What a finished command printed. */
  public record Result(List<String> command, int exit, String stdout, String stderr) {
    /** For assertion messages. */
    public String describe() {
      return Shell.quote(command) + " -> exit " + exit + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }

  private Commands() {}

  public static Result run(Duration timeout, List<String> command) throws IOException, InterruptedException {
    return run(timeout, Path.of("/dev/null"), command);
  }

  /** With {@code stdin} as the command's standard input. */
  public static Result run(Duration timeout, String stdin, List<String> command)
      throws IOException, InterruptedException {
    Path in = Files.createTempFile("vpr-stdin", ".txt");
    try {
      Files.writeString(in, stdin, StandardCharsets.UTF_8);
      return run(timeout, in, command);
    } finally {
      Files.deleteIfExists(in);
    }
  }

  /** With the file {@code stdin} (e.g. a bundle's tarball) as standard input. */
  public static Result run(Duration timeout, Path stdin, List<String> command)
      throws IOException, InterruptedException {
    // Files, not pipes: nothing to drain in threads, and a child that keeps running cannot block us.
    Path out = Files.createTempFile("vpr-cmd", ".out");
    Path err = Files.createTempFile("vpr-cmd", ".err");
    try {
      Process p = new ProcessBuilder(command)
          .redirectInput(stdin.toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("'" + Shell.quote(command) + "' did not finish within " + timeout
            + "; stderr: " + Files.readString(err));
      }
      return new Result(List.copyOf(command), p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
