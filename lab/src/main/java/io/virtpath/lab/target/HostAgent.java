package io.virtpath.lab.target;

import io.virtpath.lab.net.Endpoint;
import io.virtpath.lab.proc.ChildProcess;
import io.virtpath.lab.proc.ProcessGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The host target's agent: {@code virtpath agent} started as {@link HostTarget} starts its run — in
 * the target's network namespace, with the lab's environment (the machine lock's, so it measures
 * nested in the lab's lock), its record in the target's staging directory and its scratch beside
 * it — but in a session of its own ({@code setsid}), so it and whatever it starts (a profiler's
 * helper, JMH forks should an agent ever fork) are one process group that {@link #close} stops as
 * one, whoever of them is still there. The session also keeps a terminal's Ctrl-C from
 * reaching the agent directly: the lab gets it and stops the agent in order. Its stdin and
 * stdout are the protocol channel; its stderr goes to {@code logs/agent.err}.
 */
public final class HostAgent implements LabAgent {
  /** From closing stdin to SIGTERM: an idle agent seals its record and ends well within it. */
  public static final Duration HANG_UP_GRACE = Duration.ofSeconds(10);
  /** From SIGTERM to SIGKILL: time for the agent's shutdown hook to seal its record as partial. */
  private static final Duration TERM_GRACE = Duration.ofSeconds(5);

  private final String label;
  private final ChildProcess process;
  private final ProcessGroup group;
  private final List<String> commandLine;
  private final Map<String, Object> details;
  private final Path logDir;
  private final long startNanos = System.nanoTime();
  private boolean closed;

  private HostAgent(String label, ChildProcess process, List<String> commandLine, Map<String, Object> details,
      Path logDir) {
    this.label = label;
    this.process = process;
    // setsid execs (it forks only for a group leader, which a JVM's child is not): the agent's pid
    // is the session's and the group's id
    this.group = new ProcessGroup(process.pid());
    this.commandLine = commandLine;
    this.details = details;
    this.logDir = logDir;
  }

  /** Starts the agent and registers it with the lab's resources (an interrupted lab stops it). */
  public static HostAgent start(TargetContext ctx) throws IOException {
    Endpoint ep = ctx.network().addNamespace(ctx.label());
    Path scratch = Files.createDirectories(ctx.workDir().resolve("scratch"));
    List<String> cmd = command(ctx, ep, scratch);
    ctx.phase().accept("starting the agent");
    ChildProcess p = ChildProcess.startPiped("agent", cmd, ctx.logDir(), TERM_GRACE);
    return ctx.resources().add(new HostAgent(ctx.label(), p, cmd, HostTarget.details(ep), ctx.logDir()));
  }

  /** {@code setsid}, then the host target's command line with the agent in place of the run. */
  static List<String> command(TargetContext ctx, Endpoint ep, Path scratch) {
    List<String> cmd = new ArrayList<>(List.of("setsid"));
    cmd.addAll(HostTarget.command(ctx, ep,
        ctx.inner().asAgent().command(ctx.label(), ctx.staging().toString(), scratch.toString())));
    return List.copyOf(cmd);
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public InputStream fromAgent() {
    return process.fromChild();
  }

  @Override
  public OutputStream toAgent() {
    return process.toChild();
  }

  /** The agent's process group: it and whatever it started. */
  public ProcessGroup group() {
    return group;
  }

  @Override
  public TargetRun awaitEnd(Duration limit) throws InterruptedException {
    try {
      int exit = process.waitFor(limit);
      return new TargetRun(exit, false, exit == 0 ? null : "exit " + exit + ": " + process.stderrTail(3),
          HostTarget.seconds(startNanos), null, commandLine, details);
    } catch (TimeoutException e) {
      return new TargetRun(null, true, "the agent did not end within " + limit.toSeconds() + " s (stopped)",
          HostTarget.seconds(startNanos), null, commandLine, details);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    process.closeInput();
    try {
      process.waitFor(HANG_UP_GRACE);
    } catch (TimeoutException stillRunning) {
      note("the agent still ran " + HANG_UP_GRACE.toSeconds() + " s after its stdin closed: stopping its group");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // the agent may be gone and a fork of it not: the group reaches both
    if (!group.stop(TERM_GRACE)) {
      note("process group " + group.id() + " still has " + group.members() + " after SIGKILL");
    }
    process.close(); // reaps the agent; its descendants, should one have left the group, too
  }

  private void note(String line) {
    try {
      Files.writeString(logDir.resolve("agent.cleanup.log"), line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("virtpath: " + label + "'s agent: " + line);
    }
  }

  @Override
  public String toString() {
    return label + "'s agent (pid " + process.pid() + ")";
  }
}
