package io.virtpath.cli.it.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the fixtures name a process they report: "pid N: argv as given". */
final class ProcessLine {
  private ProcessLine() {}

  /**
   * From /proc/N/cmdline, argv[0] included: ProcessHandle's command line starts with the
   * executable instead, which for every busybox applet is just /bin/busybox.
   */
  static String describe(long pid) {
    String argv;
    try {
      argv = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ').strip();
    } catch (IOException exited) {
      argv = "(exited)";
    }
    return "pid " + pid + ": " + argv;
  }
}
