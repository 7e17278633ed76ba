package io.virtpath.lab.target;

import io.virtpath.lab.net.Endpoint;
import io.virtpath.lab.proc.ChildProcess;
import io.virtpath.lab.proc.LogTailer;
import io.virtpath.lab.spec.TargetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The suites directly on this machine: the absolute baseline. The process runs in a network
 * namespace of the lab's own, joined to the peer by a veth pair: the lab never puts an address on
 * the host's own interfaces, and syscall and disk paths are not touched by a network namespace.
 */
public final class HostTarget implements LabTarget {
  private final TargetSpec spec;

  public HostTarget(TargetSpec spec) {
    this.spec = spec;
  }

  @Override
  public TargetSpec spec() {
    return spec;
  }

  @Override
  public TargetRun run(TargetContext ctx) throws IOException, InterruptedException {
    Endpoint ep = ctx.network().addNamespace(ctx.label());
    Path scratch = Files.createDirectories(ctx.workDir().resolve("scratch"));
    List<String> cmd = command(ctx, ep, ctx.inner().command(ctx.label(), ctx.staging().toString(), scratch.toString()));
    Map<String, Object> details = details(ep);
    long t0 = System.nanoTime();
    ctx.phase().accept("running the suites");
    ChildProcess p = ctx.resources().add(ChildProcess.start("target", cmd, ctx.logDir()));
    try (LogTailer tail = LogTailer.follow(p.stdoutFile(), Progress.INNER_LINES, ctx.phase())) {
      try {
        int exit = p.waitFor(ctx.timeout());
        return new TargetRun(exit, false, exit == 0 ? null : "exit " + exit + ": " + p.stderrTail(3),
            seconds(t0), null, cmd, details);
      } catch (TimeoutException e) {
        return new TargetRun(null, true, "timed out after " + ctx.timeout().toMinutes() + " min (killed)",
            seconds(t0), null, cmd, details);
      }
    } finally {
      ctx.resources().release(p);
    }
  }

  /** {@code inner} in the target's network namespace, with the lab's environment for it (the machine lock's). */
  static List<String> command(TargetContext ctx, Endpoint ep, List<String> inner) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ep.netns()));
    if (!ctx.hostEnv().isEmpty()) {
      cmd.add("env");
      ctx.hostEnv().forEach((k, v) -> cmd.add(k + "=" + v));
    }
    cmd.addAll(inner);
    return cmd;
  }

  static Map<String, Object> details(Endpoint ep) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("netns", ep.netns());
    details.put("address", ep.cidr());
    details.put("link", "veth to the lab bridge");
    return details;
  }

  static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
