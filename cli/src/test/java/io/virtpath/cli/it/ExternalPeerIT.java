package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `virtpath peer` in one process, `virtpath run --peer` in another, over loopback. */
class ExternalPeerIT {
  @TempDir Path results;

  @Test
  void networkSuiteAgainstAPeerProcess() throws Exception {
    try (VirtpathProcess peer = VirtpathProcess.start(Path.of("target/it-logs/peer"), "peer", "--listen", "127.0.0.1:0")) {
      String address = awaitListening(peer);
      try (VirtpathProcess run = VirtpathProcess.start(Path.of("target/it-logs/run-external-peer"),
          "run", "--profile", "smoke", "--suites", "network", "--label", "net", "--peer", address,
          "--results", results.toString())) {
        assertEquals(0, run.waitFor(Duration.ofMinutes(4)), run.stderr());
        Path runDir = Path.of(run.lastLine());
        JsonNode m = Records.read(runDir.resolve("manifest.json"));
        assertEquals("complete", m.get("status").asText());
        assertEquals("external", m.get("options").get("peerMode").asText());
        assertEquals(address, m.get("options").get("peer").asText());
        assertEquals(Records.EXPECTED.get("network"), Records.methods(Records.read(runDir.resolve("net/jmh.json")), "network"));
      }
      peer.terminate();
      int exit = peer.waitFor(Duration.ofSeconds(15));
      // 143 = 128 + SIGTERM: the JVM's exit status after running its shutdown hooks
      assertTrue(exit == 0 || exit == 143, "exit " + exit);
      assertTrue(peer.stdout().contains("peer stopped"), "the peer shut down through its hook: " + peer.stdout());
    }
  }

  private static String awaitListening(VirtpathProcess peer) throws Exception {
    Pattern listening = Pattern.compile("listening on (\\S+:\\d+)");
    for (int i = 0; i < 300; i++) {
      Matcher m = listening.matcher(peer.stdout());
      if (m.find()) {
        return m.group(1);
      }
      assertTrue(peer.process().isAlive(), "peer exited: " + peer.stderr());
      Thread.sleep(100);
    }
    throw new AssertionError("peer did not report its address: " + peer.stdout());
  }
}
