package io.virtpath.validate.reference;

import io.virtpath.core.AtomicFiles;
import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs one reference measurement to completion with a timeout and keeps its output: stdout in
 * {@code raw} (the tool's own JSON or text, unmodified), the command line and stderr beside it.
 */
final class ToolRun {
  private ToolRun() {}

  static String run(List<String> command, Duration timeout, Path raw) throws IOException {
    Shell.Result r = Shell.run(command, timeout);
    AtomicFiles.write(raw, out -> out.write(r.stdout().getBytes(StandardCharsets.UTF_8)));
    String sidecar = "$ " + Shell.quote(command) + "\nexit " + r.exit() + "\n" + r.stderr();
    AtomicFiles.write(raw.resolveSibling(raw.getFileName() + ".log"),
        out -> out.write(sidecar.getBytes(StandardCharsets.UTF_8)));
    if (!r.ok()) {
      throw new ToolFailure(command.get(0) + " exit " + r.exit() + ": " + lastLine(r.stderr().isBlank() ? r.stdout() : r.stderr())
          + " (output in " + raw.getFileName() + ")");
    }
    return r.stdout();
  }

  static String lastLine(String text) {
    return text.strip().lines().reduce((a, b) -> b).orElse("(no output)");
  }

  /** Room for the tool's own start-up and its run. */
  static Duration timeoutFor(Timing t) {
    return Duration.ofSeconds(60 + Math.round(3 * (t.warmupSeconds() + t.measureSeconds())));
  }
}
