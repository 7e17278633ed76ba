package io.virtpath.cli.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtpath.cli.it.VirtpathProcess;
import io.virtpath.lab.guest.DiskModel;
import io.virtpath.lab.guest.NicModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", with real parts: one {@code virtpath remote} runs the suites on this
 * machine (kind host), in a lab QEMU guest reached over ssh (sshd inside the guest, over its
 * virtio-net NIC) and in a runc container whose root holds no JDK, reached through an {@code exec:}
 * prefix ({@code runc exec}), and in a network namespace through another {@code exec:} prefix ({@code ip
 * netns exec}); then {@code virtpath report} shows the three against the host, and nothing is left
 * running on either side.
 */
@Tag("privileged")
class RemoteIT {
  static final Path BUNDLES = Path.of("target/it-bundles").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void hostSshGuestAndJdkLessContainerInOneRunThenAReport() throws Exception {
    Path logs = Path.of("target/it-logs/remote-three").toAbsolutePath();
    try (SshGuest vm = SshGuest.boot(Files.createDirectories(dir.resolve("vm")), logs.resolve("vm"), NicModel.VIRTIO_NET,
            DiskModel.VIRTIO_BLK);
        RemoteNet net = RemoteNet.create(logs.resolve("net"));
        BareContainer ct = BareContainer.start(net, logs.resolve("ct"));
        // the container's peer: in the namespace its veth leads to, started as a user would
        VirtpathProcess ctPeer = VirtpathProcess.startIn(net.controller(), logs.resolve("ct-peer"), "peer",
            "--listen", net.controllerIp() + ":7777")) {
      ctPeer.awaitOutput("listening on", Duration.ofMinutes(1));
      Path targets = Files.writeString(dir.resolve("targets.yaml"), """
          peerListen: %s:7777
          targets:
            - {name: host, uri: local, kind: host, scratch: %s}
            - {name: vm, uri: "%s", kind: virtio, scratch: %s}
            - {name: ct, uri: "%s", kind: container, scratch: %s, peer: "%s:7777"}
            - {name: ns, uri: "exec:ip netns exec %s", kind: netns, scratch: %s, peer: "%s:7777"}
          """.formatted(vm.controllerIp(), dir.resolve("host-scratch"), vm.uri(), vm.scratch(),
          // virtpath runs under ip netns exec, which mounts a fresh /sys without the cgroup
          // hierarchies runc exec needs: the prefix enters this test's mount namespace first
          // (PID 1's is not open to us on every machine)
          ("exec:nsenter --mount=/proc/" + ProcessHandle.current().pid() + "/ns/mnt " + ct.execPrefix())
              .replace("\"", "\\\""), ct.scratch(),
          net.controllerIp(), net.controller(), dir.resolve("ns-scratch"), net.controllerIp()));
      Path results = dir.resolve("results");
      try (VirtpathProcess p = VirtpathProcess.startIn(vm.controllerNetns(), SshServer.env(vm.clientConfig()),
          logs.resolve("remote"), "remote", "--targets", targets.toString(), "--profile", "smoke", "--rounds", "3",
          "--seed", "42", "--results", results.toString(), "--bundles", BUNDLES.toString())) {
        int exit = p.waitFor(Duration.ofMinutes(40));
        String out = p.stdout();
        assertEquals(0, exit, out + p.stderr());
        Path run = Path.of(p.lastLine());
        JsonNode m = JSON.readTree(run.resolve("manifest.json").toFile());
        assertEquals("remote", m.get("kind").asText());
        assertEquals("complete", m.get("status").asText(), m.toPrettyString());
        assertEquals(12, m.get("targets").size());

        JsonNode remote = JSON.readTree(run.resolve("remote.json").toFile());
        assertEquals("controller", remote.get("peer").get("where").asText());
        JsonNode runs = remote.get("runs");
        for (String t : List.of("host", "vm", "ct", "ns")) {
          assertTrue(runs.get(t).get("deployedBytes").asLong() > 1_000_000, "round 1 sends the bundle to " + t);
          assertEquals(0, runs.get(t + ".r2").get("deployedBytes").asLong(), "round 2 finds it cached in " + t);
          assertEquals(0, runs.get(t).get("exitCode").asInt());
        }
        assertTrue(runs.get("vm").get("route").asText().contains("dev eth0"), runs.toPrettyString());
        assertTrue(runs.get("ct").get("route").asText().contains(net.controllerIp()), runs.toPrettyString());
        // inside the guest: virtio devices, TCG; inside the container: its own bundle runtime
        JsonNode vmEnv = JSON.readTree(run.resolve("vm/environment.json").toFile());
        assertEquals("virtio_blk", vmEnv.get("storage").get("driver").asText());
        assertEquals("virtio_net", vmEnv.get("network").get("driver").asText());
        JsonNode ctEnv = JSON.readTree(run.resolve("ct/environment.json").toFile());
        assertEquals("container", ctEnv.get("virtualization").get("kind").asText());
        assertFalse(Files.exists(ct.rootOnHost().resolve("usr/lib/jvm")), "the container has no JDK");
        try (var b = Files.list(ct.rootOnHost().resolve("scratch/.virtpath-bundles"))) {
          assertTrue(b.anyMatch(d -> Files.isExecutable(d.resolve("runtime/bin/java"))),
              "the container ran the bundle's own java");
        }
        assertTrue(out.contains("[round 1/3] vm: route to the peer: "), out);

        // the report, as a user runs it on the record
        try (VirtpathProcess r = VirtpathProcess.start(logs.resolve("report"), "report", run.toString(),
            "--out", dir.resolve("report").toString())) {
          assertEquals(0, r.waitFor(Duration.ofMinutes(3)), r.stderr());
          String table = r.stdout();
          for (String t : List.of("vm", "ct", "ns")) {
            assertTrue(table.lines().anyMatch(l -> l.matches(".*\\s" + t + "\\s+\\d.*\\[.*")),
                "report shows " + t + " against the host, with an interval:\n" + table);
          }
        }
      }
      assertEquals(List.of(), ct.processesInside(),
          "nothing of the run is left in the container");
      try (var s = Files.list(ct.rootOnHost().resolve("scratch"))) {
        assertEquals(List.of(), s.filter(f -> f.getFileName().toString().startsWith(".virtpath-run-")).toList(),
            "the container's work dirs are gone");
      }
      List<String> left = new ArrayList<>();
      for (String line : vm.ssh("ps -eo args", Duration.ofMinutes(1)).stdout().lines().toList()) {
        if (line.contains(".virtpath-bundles")) {
          left.add(line);
        }
      }
      assertEquals(List.of(), left, "nothing of the run is left in the guest");
    }
  }
}
