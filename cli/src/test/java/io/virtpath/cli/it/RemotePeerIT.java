package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer started through a transport ({@code peerOn}) rather than here, and two hosts at once
 * ({@code --parallel-hosts}), on loopback: both targets reach the peer, the record says where it
 * ran, and the peer is stopped at the end.
 */
class RemotePeerIT {
  @TempDir Path dir;

  @Test
  void aPeerStartedThroughATransportServesTwoHostsInParallel() throws Exception {
    Path targets = Files.writeString(dir.resolve("targets.yaml"), """
        peerListen: 127.0.0.1:7793
        peerOn: local
        scratch: %s
        targets:
          - {name: a, uri: local, host: machine-a}
          - {name: b, uri: "exec:env", host: machine-b}
        """.formatted(dir.resolve("scratch")));
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/remote-peer"), "remote", "--targets",
        targets.toString(), "--suites", "network", "--profile", "smoke", "--rounds", "1", "--parallel-hosts",
        "--results", dir.resolve("results").toString(), "--bundles", RemoteFailuresIT.BUNDLES.toString())) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(10)), p.stdout() + p.stderr());
      assertTrue(p.stdout().contains("remote: peer listening on 127.0.0.1:7793 (through local)"), p.stdout());
      Path run = Path.of(p.lastLine());
      JsonNode remote = Records.read(run.resolve("remote.json"));
      assertEquals("local", remote.get("peer").get("where").asText());
      for (String t : new String[] {"a", "b"}) {
        assertTrue(remote.get("runs").get(t).get("route").asText().contains("127.0.0.1"), remote.toPrettyString());
        assertTrue(Records.read(run.resolve(t + "/jmh.json")).size() >= 4, t + " measured the network suite");
      }
      assertEquals(true, Records.read(run.resolve("manifest.json")).get("options").get("parallelHosts").asBoolean());
      RemoteFailuresIT.assertNothingLeft(dir.resolve("scratch"));
    }
  }
}
