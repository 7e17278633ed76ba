package io.virtpath.core.agent;

import java.util.List;
import java.util.Map;

/** The messages of {@link AgentProtocol}, as records Jackson writes and reads. */
public final class AgentMessages {
  private AgentMessages() {}

  /** Agent → controller, once: it holds the target's machine lock, its record is open, it is warm. */
  public record Ready(int v, String type, String runId, String label, List<String> benchmarks) {
    public static Ready of(String runId, String label, List<String> benchmarks) {
      return new Ready(AgentProtocol.VERSION, "ready", runId, label, List.copyOf(benchmarks));
    }
  }

  /** Controller → agent. {@code op}: "measure" (benchmark, mode) or "finish". */
  public record Request(int v, long id, String op, String benchmark, String mode) {
    public static Request measure(long id, String benchmark, String mode) {
      return new Request(AgentProtocol.VERSION, id, "measure", benchmark, mode);
    }

    public static Request finish(long id) {
      return new Request(AgentProtocol.VERSION, id, "finish", null, null);
    }
  }

  /** Agent → controller, one per request, in order. */
  public record Result(int v, String type, long id, boolean ok, String error, AgentBlock block) {
    public static Result ok(long id, AgentBlock block) {
      return new Result(AgentProtocol.VERSION, "result", id, true, null, block);
    }

    public static Result error(long id, String error) {
      return new Result(AgentProtocol.VERSION, "result", id, false, error, null);
    }
  }

  /**
   * One benchmark measured once in one target: a block's share of that target.
   *
   * @param score JMH's primary score (for SampleTime the histogram's mean)
   * @param iterations the measured iterations' primary scores, raw
   * @param seconds wall time of the block in the agent, warm-up included
   * @param secondary the profilers' secondary metrics (counters), by name, as JMH scored them
   */
  public record AgentBlock(String benchmark, String mode, double score, String unit, double[] iterations,
      double seconds, Map<String, Double> secondary) {}
}
