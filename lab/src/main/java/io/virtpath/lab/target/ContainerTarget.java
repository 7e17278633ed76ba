package io.virtpath.lab.target;

import io.virtpath.lab.container.ContainerConfig;
import io.virtpath.lab.container.ContainerResult;
import io.virtpath.lab.container.HostView;
import io.virtpath.lab.container.OciContainer;
import io.virtpath.lab.net.Endpoint;
import io.virtpath.lab.proc.LogTailer;
import io.virtpath.lab.spec.TargetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suites in an OCI container (runc or crun): own mount, pid, uts, ipc and network namespaces,
 * cgroup limits equal to a guest's vCPUs and memory, the host's system directories, JDK and jar
 * read-only (so the same JDK and jar run; see {@link HostView}), the scratch directory and the
 * results bound read-write. Like OpenVZ/LXC: the container's files are plain files on the host's
 * filesystem.
 */
public final class ContainerTarget implements LabTarget {
  private final TargetSpec spec;

  public ContainerTarget(TargetSpec spec) {
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
    ContainerConfig cfg = config(ctx, ep, ctx.inner().command(ctx.label(), ctx.staging().toString(), scratch.toString()));
    long t0 = System.nanoTime();
    ctx.phase().accept("starting the container (" + OciContainer.detectRuntime() + ")");
    OciContainer c = ctx.resources().add(OciContainer.start(cfg));
    try (LogTailer tail = LogTailer.follow(c.stdoutFile(), Progress.INNER_LINES, ctx.phase())) {
      ContainerResult r = c.await();
      Map<String, Object> details = details(ctx, ep, c);
      return new TargetRun(r.timedOut() ? null : r.exitCode(), r.timedOut(), r.failure(),
          (System.nanoTime() - t0) / 1e9, null, c.commandLine(), details);
    } finally {
      ctx.resources().release(c);
    }
  }

  /**
   * The container for {@code command}: named after the lab and the target, its bundle and the
   * runtime's state in the target's runtime directory, the scratch directory and the results bound
   * read-write at their host paths.
   */
  static ContainerConfig config(TargetContext ctx, Endpoint ep, List<String> command) throws IOException {
    Path scratch = ctx.workDir().resolve("scratch");
    Map<Path, Path> binds = new LinkedHashMap<>();
    // same paths inside as outside, so the inner run's record names the paths the host sees
    binds.put(scratch, scratch);
    binds.put(ctx.staging(), ctx.staging());
    return new ContainerConfig(
        "vp-" + ctx.network().labId() + "-" + ctx.label().replace('.', '-'),
        // the bundle lives in the lab's runtime directory, never in the user's results folder
        ctx.runtimeDir().resolve("bundle"),
        HostView.forJava(ctx.inner().java(), ctx.inner().jar()),
        // and so does the runtime's state: it goes when the lab does, however the lab ends
        ctx.runtimeDir().resolve("oci-state"),
        ctx.vcpus(),
        (long) ctx.memoryMiB() << 20,
        ep.netnsPath(),
        binds,
        command,
        Map.of(),
        ctx.label(),
        ctx.timeout(),
        ctx.logDir());
  }

  /** What the lab manifest says of the container; copies its config.json into the log directory. */
  static Map<String, Object> details(TargetContext ctx, Endpoint ep, OciContainer c) throws IOException {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("runtime", c.runtime().name() + " " + c.runtime().version() + " (cgroup " + c.runtime().layout() + ")");
    details.put("netns", ep.netns());
    details.put("address", ep.cidr());
    details.put("vcpus", ctx.vcpus());
    details.put("memoryMiB", ctx.memoryMiB());
    Files.copy(c.configJson(), ctx.logDir().resolve("config.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    details.put("configJson", "logs/config.json");
    return details;
  }
}
