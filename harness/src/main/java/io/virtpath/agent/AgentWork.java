package io.virtpath.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.agent.AgentMessages;
import io.virtpath.core.agent.AgentMessages.AgentBlock;
import io.virtpath.core.agent.AgentProtocol;
import io.virtpath.runner.BenchmarkPlan;
import io.virtpath.runner.RunRecord;
import io.virtpath.runner.SuiteRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/**
 * The agent's side of {@link AgentProtocol}: what is measured next is whatever the controller asks,
 * one benchmark of the agent's plan at a time, each answered with its block as soon as it is in
 * the agent's own record. Everything the controller sends is checked; a bad request is answered
 * with an error and the agent waits for the next. The end of the input (the controller is gone)
 * seals the record as interrupted; {@code finish} ends it as complete.
 */
public final class AgentWork implements SuiteRunner.Work {
  /** The reason a record gets when the controller's channel closed without a finish. */
  public static final String CONTROLLER_GONE = "the controller went away (its channel closed)";

  private final InputStream in;
  private final OutputStream out;
  private RunRecord record;
  private long pending = -1;
  private int blocks;
  private final java.util.Set<String> asked = new java.util.HashSet<>();

  public AgentWork(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  @Override
  public void opened(RunRecord record, BenchmarkPlan plan) throws IOException {
    this.record = record;
    AgentProtocol.write(out, AgentMessages.Ready.of(record.manifest().runId(), record.targetDir().getFileName().toString(),
        plan.items().stream().map(BenchmarkPlan.Item::name).toList()));
  }

  @Override
  public Next next(BenchmarkPlan plan) throws IOException {
    while (true) {
      String line;
      long id = 0;
      try {
        line = AgentProtocol.readLine(in);
        if (line == null) {
          record.finish(CONTROLLER_GONE);
          return null;
        }
        JsonNode n = AgentProtocol.parse(line);
        id = AgentProtocol.id(n);
        String op = AgentProtocol.text(n, "op");
        switch (op) {
          case "finish" -> {
            record.replan(asked.size());
            AgentProtocol.write(out, AgentMessages.Result.ok(id, null));
            return null;
          }
          case "measure" -> {
            Next next = find(plan, AgentProtocol.text(n, "benchmark"), n.path("mode").isTextual()
                ? n.get("mode").textValue() : null);
            pending = id;
            asked.add(next.item().name());
            return next;
          }
          default -> throw new AgentProtocol.ProtocolException("unknown op '" + op + "': measure or finish");
        }
      } catch (AgentProtocol.ProtocolException e) {
        AgentProtocol.write(out, AgentMessages.Result.error(id, e.getMessage()));
      }
    }
  }

  @Override
  public void measured(Next what, Collection<RunResult> results) throws IOException {
    blocks++;
    AgentProtocol.write(out, AgentMessages.Result.ok(pending, block(what, results)));
  }

  @Override
  public void failed(Next what, String reason) throws IOException {
    AgentProtocol.write(out, AgentMessages.Result.error(pending, what.item().name() + " failed: " + reason));
  }

  /** How many blocks were measured and answered. */
  public int blocks() {
    return blocks;
  }

  private static Next find(BenchmarkPlan plan, String benchmark, String mode) throws AgentProtocol.ProtocolException {
    for (BenchmarkPlan.Item item : plan.items()) {
      if (item.name().equals(benchmark)) {
        if (mode == null) {
          return new Next(item, item.modes().get(0));
        }
        if (!item.modes().contains(mode)) {
          throw new AgentProtocol.ProtocolException(benchmark + " has no mode '" + mode + "': " + item.modes());
        }
        return new Next(item, mode);
      }
    }
    throw new AgentProtocol.ProtocolException("'" + benchmark + "' is not in this agent's plan (its suites and set)");
  }

  /** The block of one measured benchmark: one mode, so one RunResult. */
  static AgentBlock block(Next what, Collection<RunResult> results) {
    RunResult r = results.iterator().next();
    double[] iterations = r.getBenchmarkResults().stream()
        .flatMap(b -> b.getIterationResults().stream())
        .mapToDouble(i -> i.getPrimaryResult().getScore()).toArray();
    Map<String, Double> secondary = new LinkedHashMap<>();
    r.getSecondaryResults().forEach((k, v) -> secondary.put(k, v.getScore()));
    double seconds = r.getBenchmarkResults().stream().mapToLong(b -> b.getMetadata() == null ? 0
        : b.getMetadata().getStopTime() - b.getMetadata().getStartTime()).sum() / 1e3;
    return new AgentBlock(what.item().name(), r.getParams().getMode().shortLabel(), r.getPrimaryResult().getScore(),
        r.getPrimaryResult().getScoreUnit(), iterations, seconds, secondary);
  }
}
