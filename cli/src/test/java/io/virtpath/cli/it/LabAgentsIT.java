package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.agent.AgentWork;
import io.virtpath.analysis.stats.SequentialRule;
import io.virtpath.core.Json;
import io.virtpath.core.MachineLock;
import io.virtpath.core.Mounts;
import io.virtpath.core.Resources;
import io.virtpath.core.agent.AgentClient;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.InnerRun;
import io.virtpath.lab.RecordCollector;
import io.virtpath.lab.container.OciRuntime;
import io.virtpath.lab.net.LabNetwork;
import io.virtpath.lab.supervise.LabRuntime;
import io.virtpath.lab.target.ContainerAgent;
import io.virtpath.lab.target.HostAgent;
import io.virtpath.lab.target.LabAgent;
import io.virtpath.lab.target.TargetContext;
import io.virtpath.lab.target.TargetRun;
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
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's and the container's agents as the lab starts them (its runtime directory, network,
 * staging and scratch layout, the machine lock held by the controller), driven by the scheduler:
 * three passes of getpid, every block paired container/host, both finished with complete records
 * that the lab's collector takes; and agents whose controller goes without a finish seal their
 * records and end. Afterwards nothing is left: no container in the lab runtime's state, no cgroup,
 * no process naming the lab's paths.
 */
@Tag("privileged")
class LabAgentsIT {
  private static final String GETPID = "io.virtpath.bench.syscall.SyscallBench.getpid";
  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir Path dir;

  /** One lab's worth of what a target needs: the runtime directory, the network, the resources. */
  private final class Lab implements AutoCloseable {
    final Resources res = new Resources();
    final LabRuntime runtime;
    final LabNetwork net;
    final Map<String, String> hostEnv;
    final Path runDir;
    final Path work;

    Lab(MachineLock held) throws Exception {
      runDir = Files.createDirectories(dir.resolve("run"));
      work = Files.createDirectories(runDir.resolve(".work"));
      runtime = res.add(LabRuntime.create(String.format("a%05x", ThreadLocalRandom.current().nextInt(1 << 20)), runDir));
      net = res.add(LabNetwork.create(runtime.labId(), Files.createDirectories(runDir.resolve("lab-logs"))));
      hostEnv = Map.of(MachineLock.ENV, held.childEnv());
    }

    TargetContext context(String label) throws Exception {
      Path targetWork = Files.createDirectories(work.resolve(label));
      Path logDir = Files.createDirectories(runDir.resolve(label).resolve("logs"));
      InnerRun inner = new InnerRun(Path.of(System.getProperty("java.home"), "bin", "java"),
          Path.of(System.getProperty("virtpath.jar", "target/virtpath.jar")).toAbsolutePath(), "run",
          List.of("--profile", "smoke", "--suites", "syscall"));
      return new TargetContext(label, targetWork, runtime.targetDir(label), logDir,
          Files.createDirectories(targetWork.resolve("results")), inner, Duration.ofMinutes(20), net, 1, 1024,
          line -> {}, res, hostEnv);
    }

    /** Collects a target's record into the run directory as the lab does; its entry. */
    Manifest.TargetEntry collect(TargetContext ctx, TargetRun run) throws Exception {
      return RecordCollector.collect(ctx.staging(), runDir.resolve(ctx.label()), ctx.label(), run);
    }

    @Override
    public void close() {
      res.close();
    }
  }

  @Test
  void theSchedulerOverTheHostsAndTheContainersAgents() throws Exception {
    try (MachineLock held = MachineLock.acquire("LabAgentsIT", MachineLock.Policy.WAIT, System.out);
        Lab lab = new Lab(held)) {
      TargetContext hostCtx = lab.context("host");
      TargetContext containerCtx = lab.context("container");
      HostAgent host = HostAgent.start(hostCtx);
      ContainerAgent container = ContainerAgent.start(containerCtx);
      List<String> noise = new ArrayList<>();
      AgentClient hostClient = host.connect(noise::add);
      AgentClient containerClient = container.connect(noise::add);
      assertTrue(hostClient.awaitReady(WAIT).benchmarks().contains(GETPID), stderr(hostCtx, "agent"));
      assertTrue(host.group().members().contains(host.group().id()), "setsid execs: the agent leads its own group");
      assertTrue(containerClient.awaitReady(WAIT).benchmarks().contains(GETPID), stderr(containerCtx, containerId(container)));

      BlockPlan plan = new BlockPlan(List.of(new BlockPlan.Benchmark(GETPID, "avgt", false)),
          List.of(new Comparison("container", "host")), SequentialRule.defaults(), 7, Duration.ofMinutes(20), 3, WAIT);
      List<TargetAgent> targets = List.of(new AgentTarget("host", hostClient), new AgentTarget("container", containerClient));
      List<String> console = new ArrayList<>();
      BlocksJson r = new BlockScheduler(plan, targets, console::add, b -> {}, System::nanoTime).run();
      assertEquals("passes", r.stopped(), console.toString());
      assertEquals(3, r.passes().size());
      for (BlocksJson.Pass p : r.passes()) {
        for (BlocksJson.Block b : p.blocks()) {
          assertEquals(List.of(), List.copyOf(b.failures().keySet()), b.toString());
          assertEquals(List.of("container", "host"), b.results().keySet().stream().sorted().toList(), b.toString());
        }
      }
      assertEquals(List.of(), noise, "the agents' stdout, through the runtime too, holds only protocol messages");

      hostClient.finish(WAIT);
      containerClient.finish(WAIT);
      TargetRun hostRun = host.awaitEnd(WAIT);
      TargetRun containerRun = container.awaitEnd(WAIT);
      assertEquals(0, hostRun.exitCode(), hostRun.failure());
      assertEquals(0, containerRun.exitCode(), containerRun.failure());
      for (var t : List.of(Map.entry(hostCtx, hostRun), Map.entry(containerCtx, containerRun))) {
        Manifest.TargetEntry entry = lab.collect(t.getKey(), t.getValue());
        assertEquals(RunStatus.COMPLETE, entry.status(), entry.toString());
        Path record = lab.runDir.resolve(t.getKey().label());
        JsonNode m = Json.mapper().readTree(record.resolve("run-manifest.json").toFile());
        assertEquals("complete", m.get("status").asText(), m.toPrettyString());
        assertEquals(3, Json.mapper().readTree(record.resolve("jmh.json").toFile()).size(),
            "every block is in the agent's record");
      }
      assertEquals("container", Json.mapper().readTree(lab.runDir.resolve("container/environment.json").toFile())
          .get("virtualization").get("kind").asText(), "the container's agent measured in the container");
      JsonNode hostManifest = Json.mapper().readTree(lab.runDir.resolve("host/run-manifest.json").toFile());
      assertEquals("nested", hostManifest.get("options").get("machineLock").asText(), "measured inside the lab's lock");

      host.close();
      container.close();
      assertNothingLeft(lab, host, container);
    }
  }

  @Test
  void agentsWhoseControllerGoesWithoutAFinishSealTheirRecordsAndLeaveNothing() throws Exception {
    try (MachineLock held = MachineLock.acquire("LabAgentsIT", MachineLock.Policy.WAIT, System.out);
        Lab lab = new Lab(held)) {
      TargetContext hostCtx = lab.context("host");
      TargetContext containerCtx = lab.context("container");
      HostAgent host = HostAgent.start(hostCtx);
      ContainerAgent container = ContainerAgent.start(containerCtx);
      for (LabAgent a : List.<LabAgent>of(host, container)) {
        AgentClient c = a.connect(l -> {});
        c.awaitReady(WAIT);
        c.measure(GETPID, null, WAIT);
      }
      // the host's controller closes its end of the channel; the container's is just closed, as an
      // interrupted lab closes its resources: close() hangs up first
      host.toAgent().close();
      TargetRun hostRun = host.awaitEnd(WAIT);
      assertFalse(hostRun.timedOut(), "the agent outlived its channel");
      container.close();
      TargetRun containerRun = container.awaitEnd(Duration.ofSeconds(1));
      assertFalse(containerRun.timedOut(), "close() returns once the container ended");
      long hangUp = System.nanoTime();
      host.close();
      assertTrue(System.nanoTime() - hangUp < HostAgent.HANG_UP_GRACE.toNanos(), "an ended agent is not waited for");
      for (var t : List.of(Map.entry(hostCtx, hostRun), Map.entry(containerCtx, containerRun))) {
        Manifest.TargetEntry entry = lab.collect(t.getKey(), t.getValue());
        assertEquals(RunStatus.PARTIAL, entry.status(), entry.toString());
        JsonNode m = Json.mapper().readTree(lab.runDir.resolve(t.getKey().label()).resolve("run-manifest.json").toFile());
        assertEquals("partial", m.get("status").asText(), m.toPrettyString());
        assertTrue(m.get("reason").asText().startsWith(AgentWork.CONTROLLER_GONE), "sealed by the agent itself, not "
            + "killed: " + m.get("reason"));
      }
      assertFalse(Files.exists(lab.runDir.resolve("container/logs/" + containerId(container) + ".cleanup.log")),
          "the container ended by itself: " + stderr(containerCtx, containerId(container)));
      assertNothingLeft(lab, host, container);
    }
  }

  /** No container in the lab runtime's state, no cgroup, no process of the agents or naming the lab's paths. */
  private void assertNothingLeft(Lab lab, HostAgent host, ContainerAgent container) throws Exception {
    OciRuntime rt = container.container().runtime();
    String id = containerId(container);
    assertFalse(rt.list().contains(id), rt.name() + " --root " + rt.stateRoot() + " still lists " + id);
    for (Mounts.Mount m : Mounts.read()) {
      if (m.fsType().startsWith("cgroup")) {
        // the runtime's cgroup is /virtpath-<id> in every hierarchy (BundleSpec.cgroupsPath)
        assertFalse(Files.exists(Path.of(m.mountPoint(), "virtpath-" + id)), "cgroup left in " + m.mountPoint());
      }
    }
    assertFalse(Files.exists(container.container().config().bundleDir()), "bundle left");
    assertEquals(List.of(), host.group().members(), "the host agent's process group");
    List<String> paths = List.of(lab.runDir.toString(), lab.runtime.dir().toString());
    List<String> left = ProcessHandle.allProcesses()
        .filter(p -> paths.stream().anyMatch(s -> p.info().commandLine().orElse("").contains(s)))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .toList();
    assertEquals(List.of(), left, "processes naming the lab's paths");
  }

  private static String containerId(ContainerAgent c) {
    return c.container().config().id();
  }

  private static String stderr(TargetContext ctx, String name) {
    try {
      return Files.readString(ctx.logDir().resolve(name + ".err"));
    } catch (java.io.IOException e) {
      return "(no " + name + ".err)";
    }
  }
}
