package io.virtpath.scheduler;

import io.virtpath.core.agent.AgentMessages.AgentBlock;
import java.io.IOException;
import java.time.Duration;

/**
 * One long-lived target as the scheduler sees it: a name and a way to measure one benchmark there
 * now. The lab's and remote's targets are agents reached through an {@code AgentClient}; tests use
 * simulated ones.
 */
public interface TargetAgent {
  String name();

  /**
   * Measures {@code benchmark} once (one block's share of this target).
   *
   * @throws io.virtpath.core.agent.AgentClient.AgentError the agent refused this one request (it may take others)
   * @throws IOException the agent cannot be used any more (gone, silent, lying)
   */
  AgentBlock measure(String benchmark, String mode, Duration limit) throws IOException, InterruptedException;
}
