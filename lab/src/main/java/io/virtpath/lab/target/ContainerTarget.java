package io.virtpath.lab.target;

import io.virtpath.lab.container.ContainerConfig;
import io.virtpath.lab.container.ContainerResult;
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
 * cgroup limits equal to a guest's vCPUs and memory, the host root read-only as its root (so the
 * same JDK and jar run), the scratch directory and the results bind-mounted read-write. Like
 * OpenVZ/LXC: the container's files are plain files on the host's filesystem.
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
    Map<Path, Path> binds = new LinkedHashMap<>();
    // same paths inside as outside: the container's root is the host's, read-only, so a bind target
    // must already exist there
    binds.put(scratch, scratch);
    binds.put(ctx.staging(), ctx.staging());
    // The container's /tmp is a fresh tmpfs, which hides the host's /tmp: a jar or JDK that lives
    // there (a checkout in /tmp, say) is bound in at the same path.
    for (Path needed : List.of(ctx.inner().jar().getParent(), ctx.inner().java().getParent().getParent())) {
      if (needed.startsWith("/tmp") && binds.keySet().stream().noneMatch(needed::startsWith)) {
        binds.put(needed, needed);
      }
    }
    ContainerConfig cfg = new ContainerConfig(
        "vp-" + ctx.network().labId() + "-" + ctx.label().replace('.', '-'),
        ctx.workDir().resolve("bundle"),
        ctx.vcpus(),
        (long) ctx.memoryMiB() << 20,
        ep.netnsPath(),
        binds,
        ctx.inner().command(ctx.label(), ctx.staging().toString(), scratch.toString()),
        Map.of(),
        ctx.label(),
        ctx.timeout(),
        ctx.logDir());
    long t0 = System.nanoTime();
    ctx.phase().accept("starting the container (" + OciContainer.detectRuntime() + ")");
    OciContainer c = ctx.resources().add(OciContainer.start(cfg));
    try (LogTailer tail = LogTailer.follow(c.stdoutFile(), Progress.INNER_LINES, ctx.phase())) {
      ContainerResult r = c.await();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("runtime", c.runtime().name() + " " + c.runtime().version() + " (cgroup " + c.runtime().layout() + ")");
      details.put("netns", ep.netns());
      details.put("address", ep.cidr());
      details.put("vcpus", ctx.vcpus());
      details.put("memoryMiB", ctx.memoryMiB());
      Files.copy(c.configJson(), ctx.logDir().resolve("config.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      details.put("configJson", "logs/config.json");
      return new TargetRun(r.timedOut() ? null : r.exitCode(), r.timedOut(), r.failure(),
          (System.nanoTime() - t0) / 1e9, null, c.commandLine(), details);
    } finally {
      ctx.resources().release(c);
    }
  }
}
