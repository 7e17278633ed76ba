package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.analysis.stats.SequentialRule;
import io.virtpath.core.Json;
import io.virtpath.core.MachineLock;
import io.virtpath.core.agent.AgentClient;
import io.virtpath.scheduler.AgentTarget;
import io.virtpath.scheduler.BlockPlan;
import io.virtpath.scheduler.BlockScheduler;
import io.virtpath.scheduler.BlocksJson;
import io.virtpath.scheduler.Comparison;
import io.virtpath.scheduler.TargetAgent;
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
 * The scheduler over two real agents on this machine (an A/A pair: the same path twice), as the lab
 * will drive its targets: the controller holds the machine and the agents measure nested in it,
 * each warm JVM answering block after block in the seeded order, every block paired in blocks.json,
 * and both agents ending complete when finished.
 */
class AgentSchedulerIT {
  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir Path dir;

  @Test
  void threePassesOverTwoRealAgents() throws Exception {
    List<Process> agents = new ArrayList<>();
    try (MachineLock held = MachineLock.acquire("AgentSchedulerIT", MachineLock.Policy.WAIT, System.out)) {
      List<TargetAgent> targets = new ArrayList<>();
      List<AgentClient> clients = new ArrayList<>();
      for (String name : List.of("host", "again")) {
        Process p = start(name, held.childEnv());
        agents.add(p);
        AgentClient c = new AgentClient(name, p.getInputStream(), p.getOutputStream(), l -> {});
        c.awaitReady(WAIT);
        clients.add(c);
        targets.add(new AgentTarget(name, c));
      }
      BlockPlan plan = new BlockPlan(List.of(
          new BlockPlan.Benchmark("io.virtpath.bench.syscall.SyscallBench.getpid", "avgt", false),
          new BlockPlan.Benchmark("io.virtpath.bench.syscall.SyscallBench.clockGettimeVdso", "avgt", false)),
          List.of(new Comparison("again", "host")), SequentialRule.defaults(), 7, Duration.ofMinutes(20), 3, WAIT);
      List<String> console = new ArrayList<>();
      BlocksJson r = new BlockScheduler(plan, targets, console::add, b -> {}, System::nanoTime).run();
      assertEquals("passes", r.stopped(), console.toString());
      assertEquals(3, r.passes().size());
      for (BlocksJson.Pass p : r.passes()) {
        assertEquals(2, p.blocks().size());
        for (BlocksJson.Block b : p.blocks()) {
          assertEquals(List.of(), List.copyOf(b.failures().keySet()), b.toString());
          assertEquals(2, b.results().size(), b.toString());
        }
      }
      for (BlocksJson.Decision d : r.decisions()) {
        assertEquals(3, d.blocks(), d.toString());
        assertTrue(d.looks() == 1 && d.ratio() > 0, d.toString());
      }
      assertEquals(3, console.size(), console.toString());
      for (AgentClient c : clients) {
        c.finish(WAIT);
      }
      for (Process p : agents) {
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
      }
      for (Path run : runs()) {
        JsonNode m = Json.mapper().readTree(run.resolve("manifest.json").toFile());
        assertEquals("complete", m.get("status").asText(), m.toPrettyString());
        assertEquals("nested", m.get("options").get("machineLock").asText(), "measured inside the controller's lock");
      }
    } finally {
      agents.forEach(Process::destroyForcibly);
    }
  }

  private Process start(String name, String lockHolder) throws Exception {
    Path logs = Files.createDirectories(Path.of("target/it-logs/agent-scheduler").resolve(name).toAbsolutePath());
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-jar",
        System.getProperty("virtpath.jar", "target/virtpath.jar"), "agent", "--label", name, "--suites", "syscall",
        "--profile", "smoke", "--results", dir.resolve("results-" + name).toString(), "--scratch", dir.toString());
    pb.environment().put(MachineLock.ENV, lockHolder);
    return pb.redirectError(logs.resolve("stderr.txt").toFile()).start();
  }

  private List<Path> runs() throws Exception {
    List<Path> out = new ArrayList<>();
    for (String name : List.of("host", "again")) {
      try (Stream<Path> s = Files.list(dir.resolve("results-" + name))) {
        out.add(s.filter(Files::isDirectory).findFirst().orElseThrow());
      }
    }
    return out;
  }
}
