package io.virtpath.scheduler;

import io.virtpath.core.agent.AgentClient;
import io.virtpath.core.agent.AgentMessages.AgentBlock;
import java.io.IOException;
import java.time.Duration;

/** A target reached through its agent's protocol channel. */
public record AgentTarget(String name, AgentClient client) implements TargetAgent {
  @Override
  public AgentBlock measure(String benchmark, String mode, Duration limit) throws IOException, InterruptedException {
    return client.measure(benchmark, mode, limit);
  }
}
