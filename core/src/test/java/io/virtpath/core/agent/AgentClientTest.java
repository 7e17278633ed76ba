package io.virtpath.core.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The controller's end against a scripted agent on pipes: a good exchange, noise beside the
 * protocol, and every way an agent can lie or fail — each ends in a reason, never a hang or a
 * figure that is not one.
 */
class AgentClientTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String B = "io.virtpath.bench.syscall.SyscallBench.getpid";
  private static final String READY = "{\"v\":1,\"type\":\"ready\",\"runId\":\"r\",\"label\":\"t\",\"benchmarks\":[\"" + B
      + "\"]}";

  /** The agent's side: what it received, and a stream to answer on. */
  private static final class FakeAgent {
    final PipedInputStream requests = new PipedInputStream(1 << 20);
    final PipedOutputStream answers = new PipedOutputStream();
    final List<String> other = new CopyOnWriteArrayList<>();
    final AgentClient client;

    FakeAgent() throws IOException {
      PipedOutputStream toAgent = new PipedOutputStream(requests);
      PipedInputStream fromAgent = new PipedInputStream(answers, 1 << 20);
      client = new AgentClient("t", fromAgent, toAgent, other::add);
    }

    void say(String... lines) throws IOException {
      for (String l : lines) {
        answers.write((l + "\n").getBytes(StandardCharsets.UTF_8));
      }
      answers.flush();
    }

    String request() throws IOException {
      return AgentProtocol.readLine(requests);
    }
  }

  private static String block(long id, String score) {
    return "{\"v\":1,\"type\":\"result\",\"id\":" + id + ",\"ok\":true,\"block\":{\"benchmark\":\"" + B
        + "\",\"mode\":\"avgt\",\"score\":" + score + ",\"unit\":\"ns/op\",\"iterations\":[150.0,152.0],"
        + "\"seconds\":0.6,\"secondary\":{\"cpu.user.%\":20.0}}}";
  }

  @Test
  void aGoodExchangeWithNoiseBesideIt() throws Exception {
    FakeAgent a = new FakeAgent();
    a.say("VPR:started 123", READY);
    assertEquals(List.of(B), a.client.awaitReady(WAIT).benchmarks());
    a.say(block(1, "151.0"), "{\"v\":1,\"type\":\"result\",\"id\":2,\"ok\":true}");
    AgentMessages.AgentBlock got = a.client.measure(B, "avgt", WAIT);
    assertEquals(151.0, got.score());
    assertArrayEquals(new double[] {150.0, 152.0}, got.iterations());
    assertTrue(a.request().contains("\"op\":\"measure\""));
    a.client.finish(WAIT);
    assertEquals("{\"v\":1,\"id\":2,\"op\":\"finish\",\"benchmark\":null,\"mode\":null}", a.request());
    assertEquals(List.of("VPR:started 123"), a.other);
  }

  @Test
  void anAgentsOwnErrorLeavesItUsable() throws Exception {
    FakeAgent a = new FakeAgent();
    a.say(READY, "{\"v\":1,\"type\":\"result\",\"id\":1,\"ok\":false,\"error\":\"no such benchmark\"}", block(2, "1.0"));
    a.client.awaitReady(WAIT);
    AgentClient.AgentError e = assertThrows(AgentClient.AgentError.class, () -> a.client.measure("x", null, WAIT));
    assertEquals("t: no such benchmark", e.getMessage());
    assertEquals(1.0, a.client.measure(B, null, WAIT).score());
  }

  @Test
  void liesAreRefusedWithTheirReason() throws Exception {
    List<String[]> lies = List.of(
        new String[] {block(1, "\"NaN\""), "a score of NaN"},
        new String[] {block(1, "-3"), "a score of -3.0"},
        new String[] {block(7, "1.0"), "answered out of turn (expected the result of request 1"},
        new String[] {block(1, "1.0").replace(B, "other.Bench"), "a block of other.Bench"},
        new String[] {"{\"v\":2,\"type\":\"result\",\"id\":1}", "protocol version 2"},
        new String[] {"{not json", "not JSON"},
        new String[] {"{\"v\":1,\"type\":\"result\",\"id\":1,\"ok\":true,\"block\":{\"score\":\"many\"}}", "does not read"});
    for (String[] lie : lies) {
      FakeAgent a = new FakeAgent();
      a.say(READY, lie[0]);
      a.client.awaitReady(WAIT);
      AgentClient.AgentFailure f = assertThrows(AgentClient.AgentFailure.class, () -> a.client.measure(B, null, WAIT));
      assertTrue(f.getMessage().contains(lie[1]), lie[1] + " in: " + f.getMessage());
    }
  }

  @Test
  void anOversizedLineEndsTheAgentNotTheController() throws Exception {
    FakeAgent a = new FakeAgent();
    a.say(READY);
    a.client.awaitReady(WAIT);
    Thread.ofPlatform().daemon().start(() -> {
      try {
        a.say("{\"v\":1,\"x\":\"" + "y".repeat(AgentProtocol.MAX_LINE + 10) + "\"}");
      } catch (IOException ignored) {
        // the reader stopped: the pipe broke
      }
    });
    AgentClient.AgentFailure f = assertThrows(AgentClient.AgentFailure.class, () -> a.client.measure(B, null, WAIT));
    assertTrue(f.getMessage().contains("longer than " + AgentProtocol.MAX_LINE), f.getMessage());
  }

  @Test
  void silenceAndAClosedChannelAreNamed() throws Exception {
    FakeAgent a = new FakeAgent();
    a.say(READY);
    a.client.awaitReady(WAIT);
    AgentClient.AgentFailure silent = assertThrows(AgentClient.AgentFailure.class,
        () -> a.client.measure(B, null, Duration.ofMillis(200)));
    assertTrue(silent.getMessage().contains("did not answer within"), silent.getMessage());
    a.answers.close();
    AgentClient.AgentFailure gone = assertThrows(AgentClient.AgentFailure.class, () -> a.client.measure(B, null, WAIT));
    assertTrue(gone.getMessage().contains("closed its channel"), gone.getMessage());
  }

  @Test
  void readLineDropsAnOversizedLineAndGoesOn() throws Exception {
    byte[] big = ("x".repeat(AgentProtocol.MAX_LINE + 1) + "\nnext\n").getBytes(StandardCharsets.UTF_8);
    InputStream in = new java.io.ByteArrayInputStream(big);
    assertThrows(AgentProtocol.ProtocolException.class, () -> AgentProtocol.readLine(in));
    assertEquals("next", AgentProtocol.readLine(in));
    assertEquals(null, AgentProtocol.readLine(in));
  }

  @Test
  void aMessageIsOneLine() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    AgentProtocol.write(out, AgentMessages.Request.measure(3, B, "avgt"));
    String s = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, s.lines().count());
    assertTrue(s.endsWith("}\n"));
  }
}
