package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.Json;
import io.virtpath.core.agent.AgentClient;
import io.virtpath.core.agent.AgentMessages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code virtpath agent} as a controller drives it over its stdin and stdout: ready once,
 * then blocks measured in one warm JVM (the same benchmark again and again, a bad request answered
 * and survived, raw garbage on the channel answered), then finish — its record complete with every
 * block in it; and an agent whose controller goes away without a word seals its record and ends.
 */
class AgentIT {
  private static final String GETPID = "io.virtpath.bench.syscall.SyscallBench.getpid";
  private static final String VDSO = "io.virtpath.bench.syscall.SyscallBench.clockGettimeVdso";
  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir Path dir;

  @Test
  void blocksOnRequestThenFinishWithACompleteRecord() throws Exception {
    Process p = start("finish");
    try {
      List<String> other = new ArrayList<>();
      AgentClient c = new AgentClient("host", p.getInputStream(), p.getOutputStream(), other::add);
      AgentMessages.Ready ready = c.awaitReady(WAIT);
      assertTrue(ready.benchmarks().contains(GETPID), ready.toString());
      List<Double> scores = new ArrayList<>();
      for (String b : List.of(GETPID, VDSO, GETPID, GETPID)) {
        AgentMessages.AgentBlock block = c.measure(b, null, WAIT);
        assertEquals("ns/op", block.unit());
        assertTrue(block.iterations().length >= 1 && block.secondary().containsKey("cpu.user.%"), block.toString());
        scores.add(block.score());
      }
      AgentClient.AgentError e = assertThrows(AgentClient.AgentError.class,
          () -> c.measure("io.virtpath.bench.disk.DiskBench.randRead4k", null, WAIT));
      assertTrue(e.getMessage().contains("is not in this agent's plan"), e.getMessage());
      // raw garbage on the channel: the agent answers it (id 0) and goes on
      p.getOutputStream().write("this is not a request\n".getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().flush();
      assertThrows(AgentClient.AgentFailure.class, () -> c.measure(GETPID, null, WAIT),
          "the client sees the answer to the garbage out of turn: a controller never sends any");
      assertTrue(p.isAlive(), "garbage does not end the agent");
      assertEquals(List.of(), other, "an agent's stdout holds only protocol messages");

      // the controller gave up on this agent; it still ends when told to
      p.getOutputStream().write("{\"v\":1,\"id\":99,\"op\":\"finish\"}\n".getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().flush();
      assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the agent ends after finish");
      assertEquals(0, p.exitValue(), stderr("finish"));
      JsonNode m = manifest();
      assertEquals("complete", m.get("status").asText(), m.toPrettyString());
      JsonNode jmh = Json.mapper().readTree(runDir().resolve("host/jmh.json").toFile());
      assertEquals(5, jmh.size(), "every block is in the agent's record (the 5th measured while the client "
          + "had given up on the answer): " + jmh.size());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void anAgentWhoseControllerIsGoneSealsItsRecordAndEnds() throws Exception {
    Process p = start("gone");
    try {
      AgentClient c = new AgentClient("host", p.getInputStream(), p.getOutputStream(), l -> {});
      c.awaitReady(WAIT);
      c.measure(GETPID, null, WAIT);
      p.getOutputStream().close(); // the controller's end of the channel goes
      assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the agent outlived its controller");
      JsonNode m = manifest();
      assertEquals("partial", m.get("status").asText(), m.toPrettyString());
      assertTrue(m.get("reason").asText().startsWith("the controller went away"), m.toPrettyString());
    } finally {
      p.destroyForcibly();
    }
  }

  private Process start(String name) throws Exception {
    Path logs = Files.createDirectories(Path.of("target/it-logs/agent").resolve(name).toAbsolutePath());
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-jar",
        System.getProperty("virtpath.jar", "target/virtpath.jar"), "agent", "--label", "host", "--suites", "syscall",
        "--profile", "smoke", "--results", dir.resolve("results").toString(), "--scratch", dir.toString(),
        "--concurrent");
    return new ProcessBuilder(cmd).redirectError(logs.resolve("stderr.txt").toFile()).start();
  }

  private String stderr(String name) throws Exception {
    return Files.readString(Path.of("target/it-logs/agent").resolve(name).resolve("stderr.txt"));
  }

  private Path runDir() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("results"))) {
      return s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  private JsonNode manifest() throws Exception {
    return Json.mapper().readTree(runDir().resolve("manifest.json").toFile());
  }
}
