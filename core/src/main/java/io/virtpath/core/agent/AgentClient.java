package io.virtpath.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.Json;
import io.virtpath.core.agent.AgentMessages.AgentBlock;
import io.virtpath.core.agent.AgentMessages.Ready;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The controller's end of {@link AgentProtocol} with one agent: sends a request, waits (bounded) for
 * its answer, and checks the answer as hostile input — a target may lie, but only about its own
 * figures. Lines that are not protocol messages (a transport script's markers, a guest's noise)
 * go to {@code other} untouched. One request at a time.
 */
public final class AgentClient {
  /** At most this many iterations and secondary metrics in one block: far above any profile's. */
  static final int MAX_ITERATIONS = 10_000;
  static final int MAX_SECONDARY = 256;

  /** The agent cannot be used any more: it said something it must not, went silent, or is gone. */
  public static final class AgentFailure extends IOException {
    private static final long serialVersionUID = 1L;

    public AgentFailure(String message) {
      super(message);
    }
  }

  private final String name;
  private final OutputStream toAgent;
  private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
  private long nextId = 1;

  /**
   * @param name the target, for messages
   * @param other where a line that is not a protocol message goes (a log)
   */
  public AgentClient(String name, InputStream fromAgent, OutputStream toAgent, Consumer<String> other) {
    this.name = name;
    this.toAgent = toAgent;
    Thread.ofPlatform().daemon().name("agent-reader-" + name).start(() -> read(fromAgent, other));
  }

  /** The agent's first message: it holds its machine and its record is open. */
  public Ready awaitReady(Duration limit) throws IOException, InterruptedException {
    JsonNode n = nextMessage(limit, "to get ready");
    if (!"ready".equals(n.path("type").asText())) {
      throw new AgentFailure(name + "'s agent began with " + n.path("type") + " instead of ready");
    }
    return checked(() -> Json.mapper().treeToValue(n, Ready.class), "ready");
  }

  /** Measures one benchmark in the agent: its block, or {@link AgentFailure} / the agent's own error. */
  public AgentBlock measure(String benchmark, String mode, Duration limit) throws IOException, InterruptedException {
    long id = nextId++;
    send(AgentMessages.Request.measure(id, benchmark, mode));
    JsonNode n = result(id, limit, "to measure " + benchmark);
    if (!n.path("ok").asBoolean(false)) {
      throw new AgentError(name + ": " + bounded(n.path("error").asText("(no reason given)")));
    }
    AgentBlock b = checked(() -> Json.mapper().treeToValue(n.get("block"), AgentBlock.class), "a block");
    return valid(b, benchmark);
  }

  /** Asks the agent to seal its record and end. */
  public void finish(Duration limit) throws IOException, InterruptedException {
    long id = nextId++;
    send(AgentMessages.Request.finish(id));
    JsonNode n = result(id, limit, "to finish");
    if (!n.path("ok").asBoolean(false)) {
      throw new AgentError(name + ": " + bounded(n.path("error").asText("(no reason given)")));
    }
  }

  /** The agent refused one request with a reason; it can still take others. */
  public static final class AgentError extends IOException {
    private static final long serialVersionUID = 1L;

    public AgentError(String message) {
      super(message);
    }
  }

  private void send(Object request) throws AgentFailure {
    try {
      AgentProtocol.write(toAgent, request);
    } catch (IOException e) {
      throw new AgentFailure(name + "'s agent cannot be reached: " + e.getMessage());
    }
  }

  private JsonNode result(long id, Duration limit, String what) throws IOException, InterruptedException {
    JsonNode n = nextMessage(limit, what);
    if (!"result".equals(n.path("type").asText()) || !n.path("id").isIntegralNumber() || n.get("id").longValue() != id) {
      throw new AgentFailure(name + "'s agent answered out of turn (expected the result of request " + id + ", got "
          + bounded(n.toString()) + ")");
    }
    return n;
  }

  private JsonNode nextMessage(Duration limit, String what) throws IOException, InterruptedException {
    Object o = lines.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (o == null) {
      throw new AgentFailure(name + "'s agent did not answer within " + limit.toSeconds() + " s " + what);
    }
    if (o instanceof IOException e) {
      lines.add(e); // every later call fails the same way
      throw new AgentFailure(name + "'s agent " + e.getMessage());
    }
    return (JsonNode) o;
  }

  /** Reads lines for ever: protocol messages to the queue, anything else to {@code other}. */
  private void read(InputStream in, Consumer<String> other) {
    try {
      while (true) {
        String line;
        try {
          line = AgentProtocol.readLine(in);
        } catch (AgentProtocol.ProtocolException e) {
          lines.add(new AgentProtocol.ProtocolException("sent " + e.getMessage()));
          return;
        }
        if (line == null) {
          lines.add(new IOException("closed its channel (it ended, or the target is gone)"));
          return;
        }
        if (!line.startsWith("{")) {
          other.accept(line);
          continue;
        }
        try {
          lines.add(AgentProtocol.parse(line));
        } catch (AgentProtocol.ProtocolException e) {
          lines.add(new AgentProtocol.ProtocolException("sent a bad message: " + e.getMessage()));
          return;
        }
      }
    } catch (IOException e) {
      lines.add(new IOException("could not be read: " + e.getMessage()));
    }
  }

  private AgentBlock valid(AgentBlock b, String benchmark) throws AgentFailure {
    String bad = null;
    if (b == null) {
      bad = "no block";
    } else if (!benchmark.equals(b.benchmark())) {
      bad = "a block of " + bounded(String.valueOf(b.benchmark()));
    } else if (!(Double.isFinite(b.score()) && b.score() > 0)) {
      bad = "a score of " + b.score();
    } else if (b.unit() == null || b.unit().isEmpty() || b.unit().length() > 32) {
      bad = "a unit of " + bounded(String.valueOf(b.unit()));
    } else if (b.iterations() == null || b.iterations().length == 0 || b.iterations().length > MAX_ITERATIONS) {
      bad = (b.iterations() == null ? 0 : b.iterations().length) + " iterations";
    } else if (b.secondary() != null && b.secondary().size() > MAX_SECONDARY) {
      bad = b.secondary().size() + " secondary metrics";
    } else {
      for (double v : b.iterations()) {
        if (!Double.isFinite(v) || v < 0) {
          bad = "an iteration of " + v;
          break;
        }
      }
    }
    if (bad != null) {
      throw new AgentFailure(name + "'s agent answered " + benchmark + " with " + bad + ": refused");
    }
    return b;
  }

  private interface Parse<T> {
    T get() throws IOException;
  }

  private <T> T checked(Parse<T> p, String what) throws AgentFailure {
    try {
      return p.get();
    } catch (IOException | IllegalArgumentException e) {
      throw new AgentFailure(name + "'s agent sent " + what + " that does not read: " + bounded(String.valueOf(e.getMessage())));
    }
  }

  private static String bounded(String s) {
    String one = s.replaceAll("\\p{Cntrl}", "?");
    return one.length() <= 300 ? one : one.substring(0, 300) + "...";
  }
}
