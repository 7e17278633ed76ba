package io.virtpath.cli.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What a lab could leave behind on the machine: namespaces, qemu processes, OCI containers. */
final class LabLeftovers {
  private LabLeftovers() {}

  /** Everything of lab {@code labId} (the 6 hex characters in its namespace names) still present. */
  static List<String> of(String runId) throws IOException, InterruptedException {
    List<String> left = new ArrayList<>();
    String suffix = runId.substring(runId.length() - 4);
    for (String ns : run("ip", "netns", "list")) {
      if (ns.startsWith("vp-" + suffix)) {
        left.add("netns " + ns);
      }
    }
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains("qemu-system"))
        .filter(p -> p.info().commandLine().orElse("").contains(runId))
        .forEach(p -> left.add("qemu pid " + p.pid()));
    for (String rt : List.of("runc", "crun")) {
      for (String line : run(rt, "list", "-q")) {
        if (line.startsWith("vp-" + suffix)) {
          left.add(rt + " container " + line);
        }
      }
    }
    return left;
  }

  private static List<String> run(String... cmd) throws IOException, InterruptedException {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.lines().map(l -> l.split("\\s+")[0]).filter(l -> !l.isBlank()).toList();
    } catch (IOException notInstalled) {
      return List.of();
    }
  }
}
