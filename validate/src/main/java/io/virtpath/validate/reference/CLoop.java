package io.virtpath.validate.reference;

import io.virtpath.core.UsageException;
import io.virtpath.lab.proc.Shell;
import io.virtpath.validate.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syscall suite's reference: loop.c, compiled on the target with the system's cc when the
 * validation starts (so it is the target's own compiler and libc), then run once per round.
 */
public final class CLoop {
  static final String SOURCE = "loop.c";
  private static final Pattern RESULT = Pattern.compile("ns_per_op=([0-9.]+) ops=(\\d+) seconds=([0-9.]+)");

  private final Path binary;

  private CLoop(Path binary) {
    this.binary = binary;
  }

  /** Writes loop.c into {@code dir} and compiles it there with {@code cc -O2}. */
  public static CLoop compile(Path dir) throws IOException {
    if (!Shell.onPath("cc")) {
      throw new UsageException("no C compiler: 'cc' is not on PATH, and the syscall reference is a C loop "
          + "compiled on the target. Install one (apt-get install gcc), or leave out the syscall suite (--suites disk,network)");
    }
    Path src = dir.resolve(SOURCE);
    try (InputStream in = CLoop.class.getResourceAsStream("/io/virtpath/validate/" + SOURCE)) {
      Files.write(src, in.readAllBytes());
    }
    Path bin = dir.resolve("loop");
    Shell.Result r = Shell.run(List.of("cc", "-O2", "-o", bin.toString(), src.toString()), Duration.ofMinutes(5));
    if (!r.ok()) {
      throw new UsageException("the C compiler failed on " + src + " (exit " + r.exit() + "): "
          + ToolRun.lastLine(r.stderr()) + "; check that cc and the libc headers (libc6-dev) are installed");
    }
    return new CLoop(bin);
  }

  public List<String> command(Pair pair, Timing t) {
    String mode = switch (pair) {
      case GETPID -> "getpid";
      case CLOCK_GETTIME -> "clock";
      default -> throw new IllegalArgumentException(pair + " has no C loop");
    };
    return List.of(binary.toString(), mode, fmt(t.warmupSeconds()), fmt(t.measureSeconds()));
  }

  /** Nanoseconds per call. */
  public double measure(Pair pair, Timing t, Path raw) throws IOException {
    return parse(ToolRun.run(command(pair, t), ToolRun.timeoutFor(t), raw));
  }

  static double parse(String stdout) throws ToolFailure {
    Matcher m = RESULT.matcher(stdout);
    if (!m.find()) {
      throw new ToolFailure("the C loop printed no result line: " + ToolRun.lastLine(stdout));
    }
    return Double.parseDouble(m.group(1));
  }

  private static String fmt(double seconds) {
    return String.format(Locale.ROOT, "%.3f", seconds);
  }
}
