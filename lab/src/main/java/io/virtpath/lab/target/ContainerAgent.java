package io.virtpath.lab.target;

import io.virtpath.lab.container.OciContainer;
import io.virtpath.lab.net.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The container target's agent: the same container as {@link ContainerTarget}'s run (read-only
 * root, its own scratch and results bound read-write, the same limits and network), whose process
 * is {@code virtpath agent} instead of {@code run}. The runtime runs in the foreground with its
 * stdin and stdout as pipes the lab holds ({@link OciContainer#startPiped}), and the container's
 * process has them as its own: that is the protocol channel. Closing it ends the agent; {@link
 * #close} leaves no container, cgroup or process.
 */
public final class ContainerAgent implements LabAgent {
  private final String label;
  private final OciContainer container;
  private final Map<String, Object> details;
  private final long startNanos = System.nanoTime();

  private ContainerAgent(String label, OciContainer container, Map<String, Object> details) {
    this.label = label;
    this.container = container;
    this.details = details;
  }

  /** Starts the container and registers the agent with the lab's resources (an interrupted lab stops it). */
  public static ContainerAgent start(TargetContext ctx) throws IOException {
    Endpoint ep = ctx.network().addNamespace(ctx.label());
    Path scratch = Files.createDirectories(ctx.workDir().resolve("scratch"));
    var cfg = ContainerTarget.config(ctx, ep,
        ctx.inner().asAgent().command(ctx.label(), ctx.staging().toString(), scratch.toString()));
    ctx.phase().accept("starting the container's agent (" + OciContainer.detectRuntime() + ")");
    OciContainer c = OciContainer.startPiped(cfg);
    try {
      return ctx.resources().add(new ContainerAgent(ctx.label(), c, ContainerTarget.details(ctx, ep, c)));
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public InputStream fromAgent() {
    return container.fromContainer();
  }

  @Override
  public OutputStream toAgent() {
    return container.toContainer();
  }

  public OciContainer container() {
    return container;
  }

  @Override
  public TargetRun awaitEnd(Duration limit) throws InterruptedException {
    try {
      int exit = container.waitFor(limit);
      String failure = exit == 0 ? null : "exit " + exit + " (the agent's, unless " + container.runtime().name()
          + " failed: see logs/" + container.config().id() + ".runtime.log)";
      return new TargetRun(exit, false, failure, HostTarget.seconds(startNanos), null, container.commandLine(),
          details);
    } catch (TimeoutException e) {
      return new TargetRun(null, true, "the agent did not end within " + limit.toSeconds() + " s (stopped)",
          HostTarget.seconds(startNanos), null, container.commandLine(), details);
    }
  }

  /** Closes the container's stdin, gives the agent a grace to end, then kills and deletes the container. */
  @Override
  public void close() {
    container.close();
  }

  @Override
  public String toString() {
    return label + "'s agent (container " + container.config().id() + ")";
  }
}
