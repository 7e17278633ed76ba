package io.virtpath.cli.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtpath.cli.it.VirtpathProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code virtpath remote} against a real OpenSSH server in a network namespace, through the real
 * ssh client: the host-key cases, a refused login, a connection dropped mid-run. Each ends the
 * target with its reason in a sealed record, and leaves no session or process behind on the server.
 */
@Tag("privileged")
class RemoteSshIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void hostKeysAreCheckedAndPasswordsNeverAsked() throws Exception {
    Path logs = Path.of("target/it-logs/remote-ssh-keys").toAbsolutePath();
    try (RemoteNet net = RemoteNet.create(logs.resolve("net")); SshServer sshd = SshServer.start(net, logs.resolve("sshd"))) {
      String changed = failure(net, sshd, SshServer.env(sshd.withWrongHostKey()), logs.resolve("changed"));
      assertTrue(changed.startsWith("the host key of " + net.guestIp() + " has CHANGED"), changed);
      String unknown = failure(net, sshd, SshServer.env(sshd.withEmptyKnownHosts()), logs.resolve("unknown"));
      assertTrue(unknown.startsWith("the host key of " + net.guestIp() + " is not known: refused")
          && unknown.contains("--accept-new-host-keys"), unknown);
      // a key the server does not know, and no agent: batch mode fails instead of asking for a password
      Path stranger = dir.resolve("stranger");
      assertEquals(0, new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString())
          .inheritIO().start().waitFor());
      Path refusedConfig = Files.writeString(dir.resolve("refused_config"),
          Files.readString(sshd.clientConfig()).replaceAll("(?m)^(\\s*IdentityFile)\\s.*$", "$1 " + stranger));
      String refused = failure(net, sshd, Map.of("VIRTPATH_SSH_OPTIONS", "-F " + refusedConfig + " -o IdentityAgent=none"),
          logs.resolve("refused"));
      assertTrue(refused.startsWith("ssh could not log in to " + sshd.uri()) && refused.contains("Permission denied")
          && refused.contains("never asks for a password"), refused);
      sshd.awaitIdle(Duration.ofSeconds(30));
      assertEquals(List.of(), sshd.awaitSessionsGone(Duration.ofSeconds(30)));
    }
  }

  @Test
  void aDroppedConnectionEndsTheTargetAndItsProcesses() throws Exception {
    Path logs = Path.of("target/it-logs/remote-ssh-drop").toAbsolutePath();
    try (RemoteNet net = RemoteNet.create(logs.resolve("net")); SshServer sshd = SshServer.start(net, logs.resolve("sshd"));
        VirtpathProcess p = VirtpathProcess.startIn(net.controller(), sshd.env(), logs.resolve("remote"), "remote",
            "--target", "vm=" + sshd.uri(), "--scratch", dir.resolve("scratch").toString(), "--suites", "syscall",
            "--profile", "quick", "--rounds", "1", "--results", dir.resolve("results").toString(),
            "--bundles", RemoteIT.BUNDLES.toString())) {
      p.awaitOutput("^  vm  \\s*avgt ", Duration.ofMinutes(5)); // one benchmark measured
      long listener = sshd.listenerPid();
      for (long pid : sshd.sshdPids()) {
        if (pid != listener) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // the session's sshd: the link is gone
        }
      }
      assertEquals(1, p.waitFor(Duration.ofMinutes(3)), p.stdout());
      JsonNode m = JSON.readTree(Path.of(p.lastLine()).resolve("manifest.json").toFile());
      JsonNode t = m.get("targets").get(0);
      assertEquals("partial", t.get("status").asText(), m.toPrettyString());
      assertTrue(t.get("reason").asText().contains("the connection dropped"), t.toPrettyString());
      assertTrue(t.get("benchmarksDone").asInt() >= 1, "what was measured before the drop is fetched and kept");
      assertEquals(List.of(), sshd.awaitSessionsGone(Duration.ofSeconds(60)),
          "the target stopped its run when the connection dropped");
    }
  }

  /** One run with one ssh target that must fail before it runs: its reason. */
  private String failure(RemoteNet net, SshServer sshd, Map<String, String> env, Path logs) throws Exception {
    try (VirtpathProcess p = VirtpathProcess.startIn(net.controller(), env, logs, "remote", "--target",
        "vm=" + sshd.uri(), "--scratch", dir.resolve("scratch").toString(), "--suites", "syscall", "--rounds", "1",
        "--results", dir.resolve("results").toString(), "--bundles", RemoteIT.BUNDLES.toString())) {
      assertEquals(1, p.waitFor(Duration.ofMinutes(5)), p.stdout() + p.stderr());
      JsonNode m = JSON.readTree(Path.of(p.lastLine()).resolve("manifest.json").toFile());
      assertEquals("failed", m.get("status").asText(), m.toPrettyString());
      String reason = m.get("targets").get(0).get("reason").asText();
      String log = Files.readString(Path.of(p.lastLine()).resolve("vm/logs/probe.cmd"));
      assertTrue(log.contains("BatchMode=yes") && log.contains("StrictHostKeyChecking=yes"), log);
      return reason;
    }
  }
}
