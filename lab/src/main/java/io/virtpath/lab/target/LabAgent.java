package io.virtpath.lab.target;

import io.virtpath.core.agent.AgentClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A target's long-lived {@code virtpath agent} (issue 21) as the lab holds it: the protocol channel
 * (the agent's stdin and stdout) for an {@link AgentClient}, how it ended for the record collector,
 * and a {@link #close} after which nothing of it is left running. Its record is written into the
 * target's staging directory, as a run's is.
 */
public interface LabAgent extends AutoCloseable {
  String label();

  /** The agent's stdout: protocol messages only (its progress goes to its stderr, a log). */
  InputStream fromAgent();

  /** The agent's stdin. */
  OutputStream toAgent();

  /** A client on this agent's channel; lines that are not protocol messages go to {@code other}. */
  default AgentClient connect(Consumer<String> other) {
    return new AgentClient(label(), fromAgent(), toAgent(), other);
  }

  /**
   * Waits at most {@code limit} for the agent to end (after it was told to finish, or its channel
   * closed) and says how it ended; one still running then is reported timed out, and stopped by
   * {@link #close}.
   */
  TargetRun awaitEnd(Duration limit) throws InterruptedException;

  /**
   * Stops the agent, politely first: its stdin is closed (it seals its record, as interrupted unless
   * it finished) and it gets a grace to end by itself; then SIGTERM, a grace, SIGKILL. When this
   * returns no process of the agent is left, nor anything the target had for it (a container, its
   * cgroup). Idempotent, never throws.
   */
  @Override
  void close();
}
