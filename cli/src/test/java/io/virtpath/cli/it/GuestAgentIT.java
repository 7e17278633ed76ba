package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.Json;
import io.virtpath.core.agent.AgentClient;
import io.virtpath.core.agent.AgentMessages;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.InnerRun;
import io.virtpath.lab.Prerequisites;
import io.virtpath.lab.RecordCollector;
import io.virtpath.lab.guest.DiskImage;
import io.virtpath.lab.guest.DiskModel;
import io.virtpath.lab.guest.GuestAgentChannel;
import io.virtpath.lab.guest.GuestConfig;
import io.virtpath.lab.guest.GuestImage;
import io.virtpath.lab.guest.GuestResult;
import io.virtpath.lab.guest.NicModel;
import io.virtpath.lab.guest.QemuGuest;
import io.virtpath.lab.net.LabNetwork;
import io.virtpath.lab.net.TapEndpoint;
import io.virtpath.lab.supervise.LabRuntime;
import io.virtpath.lab.target.TargetRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab guest whose job is the agent over its control channel: the virtio guest (virtio-blk,
 * virtio-net) boots the lab's kernel and initramfs with {@code virtpath agent --channel
 * /dev/virtio-ports/virtpath.agent} as its job, the host connects to QEMU's socket in the lab's
 * runtime directory, measures getpid twice with an {@link AgentClient} and says finish; the guest
 * then powers off by itself, its agent's record comes back through the results share complete with
 * both blocks, and neither QEMU nor its socket is left. A controller that hangs up without finish
 * is what the agent reads as its channel's end (virtio-serial reports the host end's close): it
 * seals its record as partial, and the guest powers off all the same. The emulated guest (IDE,
 * e1000) gets the same virtio-serial channel beside its emulated devices. Under TCG here (this machine's /dev/kvm is
 * PVM): boot and blocks are slow, the limits generous.
 */
@Tag("privileged")
class GuestAgentIT {
  private static final String GETPID = "io.virtpath.bench.syscall.SyscallBench.getpid";
  private static final String LABEL = "virtio";
  /** From QEMU's start to the agent's ready: a TCG boot plus a JVM start in the guest. */
  private static final Duration READY = Duration.ofMinutes(10);
  private static final Duration BLOCK = Duration.ofMinutes(10);

  @TempDir Path work;

  @Test
  void aVirtioGuestsAgentMeasuresTwoBlocksOverItsChannelAndPowersOffAfterFinish() throws Exception {
    Outcome o = run("finish", DiskModel.VIRTIO_BLK, NicModel.VIRTIO_NET, client -> {
      for (int i = 0; i < 2; i++) {
        long b = System.nanoTime();
        AgentMessages.AgentBlock block = client.measure(GETPID, null, BLOCK);
        System.err.printf("[%s] block %d: %.1f s%n", LABEL, i + 1, seconds(b));
        assertEquals(GETPID, block.benchmark());
        assertEquals("ns/op", block.unit());
        assertTrue(block.iterations().length >= 1, block.toString());
      }
      client.finish(BLOCK);
    });
    assertNull(o.result().failure(), o.result().toString());
    assertEquals(0, o.result().exitCode(), o.result().toString());
    assertEquals("virtio_blk", o.result().diskDriver());
    assertEquals("virtio_net", o.result().nicDriver());
    assertEquals(RunStatus.COMPLETE, o.entry().status(), o.entry().toString());
    assertEquals("complete", o.manifest().get("status").asText(), o.manifest().toPrettyString());
    JsonNode jmh = Json.mapper().readTree(o.recordDir().resolve("jmh.json").toFile());
    assertEquals(2, jmh.size(), "both blocks are in the agent's record");
    for (JsonNode b : jmh) {
      assertEquals(GETPID, b.get("benchmark").asText());
    }
  }

  @Test
  void aGuestsAgentWhoseControllerHangsUpSealsItsRecordAndTheGuestPowersOff() throws Exception {
    Outcome o = run("gone", DiskModel.VIRTIO_BLK, NicModel.VIRTIO_NET, client -> {
      client.measure(GETPID, null, BLOCK);
      // no finish: the host end of the virtio-serial port goes, which the agent reads as its end
    });
    assertNull(o.result().failure(), o.result().toString());
    assertEquals(1, o.result().exitCode(), "an interrupted agent ends as failed: " + o.result());
    assertEquals(RunStatus.PARTIAL, o.entry().status(), o.entry().toString());
    assertEquals("partial", o.manifest().get("status").asText(), o.manifest().toPrettyString());
    assertTrue(o.manifest().get("reason").asText().startsWith("the controller went away"), o.manifest().toPrettyString());
    assertEquals(1, Json.mapper().readTree(o.recordDir().resolve("jmh.json").toFile()).size(),
        "the block measured before the hang-up is kept");
  }

  @Test
  void theEmulatedGuestHasTheSameVirtioSerialChannel() throws Exception {
    Outcome o = run("emulated", DiskModel.IDE, NicModel.E1000, client -> {
      client.measure(GETPID, null, BLOCK);
      client.finish(BLOCK);
    });
    assertEquals(0, o.result().exitCode(), o.result().toString());
    // the measured devices stay the emulated ones: the channel is a device beside them
    assertEquals("ata_piix", o.result().diskDriver());
    assertEquals("e1000", o.result().nicDriver());
    assertEquals(RunStatus.COMPLETE, o.entry().status(), o.entry().toString());
  }

  /** What the controller does between the agent's ready and closing its end of the channel. */
  private interface Controller {
    void drive(AgentClient client) throws Exception;
  }

  private record Outcome(GuestResult result, Path recordDir, Manifest.TargetEntry entry, JsonNode manifest) {}

  /**
   * Boots the guest with the agent as its job, connects, awaits ready, lets {@code controller}
   * talk, closes the channel and waits for the guest to power off by itself; then collects the
   * agent's record as the lab collects a guest's and checks nothing is left.
   */
  private Outcome run(String name, DiskModel disk, NicModel nic, Controller controller) throws Exception {
    assertTrue(Prerequisites.isRoot(), "a lab guest needs root (network namespace, tap, QEMU): run as root");
    Path logDir = Files.createDirectories(Path.of("target/it-logs/guest-agent", name).toAbsolutePath());
    String id = "ga" + HexFormat.of().formatHex(SecureRandom.getSeed(3));
    Path staging = Files.createDirectories(work.resolve("results"));
    Path socket;
    Outcome outcome;
    try (LabRuntime runtime = LabRuntime.create(id, work);
        LabNetwork network = LabNetwork.create(id, logDir)) {
      socket = runtime.targetDir(LABEL).resolve(LABEL + "-agent.sock");
      GuestConfig config = config(network, staging, socket, logDir, disk, nic);
      GuestImage image = GuestImage.prepare(cacheDir(), line -> System.err.println("[guest image] " + line));
      long start = System.nanoTime();
      GuestResult result;
      List<String> commandLine;
      try (QemuGuest guest = QemuGuest.boot(config, image, p -> System.err.println("[" + LABEL + "] " + p))) {
        commandLine = guest.commandLine();
        List<String> other = new ArrayList<>();
        try (GuestAgentChannel channel = guest.connectAgent(Duration.ofMinutes(1))) {
          AgentClient client = new AgentClient(LABEL, channel.in(), channel.out(), other::add);
          AgentMessages.Ready ready = client.awaitReady(READY);
          System.err.printf("[%s] agent ready %.1f s after QEMU's start%n", LABEL, seconds(start));
          assertEquals(LABEL, ready.label(), ready.toString());
          assertTrue(ready.benchmarks().contains(GETPID), ready.toString());
          controller.drive(client);
        }
        // the agent's end is the job's end and so the guest's: nobody stops QEMU here
        assertTrue(ProcessHandle.of(guest.pid()).map(h -> {
          try {
            h.onExit().get(3, TimeUnit.MINUTES);
            return true;
          } catch (Exception e) {
            return false;
          }
        }).orElse(true), "the guest did not power off within 3 min of its agent's end");
        assertEquals(List.of(), other, "the channel carries protocol messages only");
        result = guest.await();
      }
      System.err.printf("[%s] job started %.1f s after QEMU's start, guest gone after %.1f s%n", LABEL,
          result.bootSeconds(), result.totalSeconds());
      assertFalse(result.timedOut());
      assertTrue(String.join(" ", commandLine).contains("path=" + socket + ",server=on,wait=off"), commandLine.toString());
      assertFalse(Files.exists(socket), "QEMU's socket is removed once QEMU is gone");

      Path recordDir = work.resolve("record").resolve(LABEL);
      Manifest.TargetEntry entry = RecordCollector.collect(staging, recordDir, LABEL, new TargetRun(result.exitCode(),
          result.timedOut(), result.failure(), result.totalSeconds(), result.bootSeconds(), commandLine, Map.of()));
      outcome = new Outcome(result, recordDir, entry,
          Json.mapper().readTree(recordDir.resolve("run-manifest.json").toFile()));
    }
    assertFalse(Files.exists(socket.getParent()), "the lab's runtime directory is gone");
    assertEquals(List.of(), LabNetwork.leftovers(id), "no namespace is left");
    return outcome;
  }

  private static GuestConfig config(LabNetwork network, Path staging, Path socket, Path logDir, DiskModel diskModel,
      NicModel nicModel) throws Exception {
    TapEndpoint tap = network.addTap(LABEL);
    Path disk = staging.getParent().resolve("disk.img");
    DiskImage.create(disk, 256L << 20);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path jar = Path.of(System.getProperty("virtpath.jar", "target/virtpath.jar")).toAbsolutePath();
    // the JDK at its host path, and where its links lead (as the lab's GuestTarget shares it)
    List<Path> jdk = List.copyOf(new LinkedHashSet<>(List.of(java.getParent().getParent(),
        java.toRealPath().getParent().getParent())));
    InnerRun agent = InnerRun.suites(java, Path.of(QemuGuest.bootPath("virtpath.jar")), "smoke", List.of("syscall"),
        network.peerIp() + ":7777", List.of("--benchmarks", "headline"), List.of()).asAgent(GuestConfig.AGENT_DEVICE);
    return GuestConfig.builder(LABEL)
        .disk(diskModel, disk)
        .nic(nicModel, tap.netns(), tap.tap(), tap.guestCidr(), network.peerIp())
        .mac(tap.mac())
        .accel("tcg")
        .resultsShare(staging)
        .command(agent.command(LABEL, "/results", "/scratch"))
        .timeout(Duration.ofMinutes(30))
        .logDir(logDir)
        .bootDir(staging.getParent().resolve("boot"))
        .readOnly(jdk)
        .bootFile("virtpath.jar", jar)
        .agentSocket(socket)
        .build();
  }

  /** The lab's guest image cache, as the other guest tests choose it. */
  private static Path cacheDir() {
    String dir = System.getProperty("virtpath.lab.cache");
    return dir != null ? Path.of(dir) : Path.of("/var/cache/virtpath");
  }

  private static double seconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0;
  }
}
