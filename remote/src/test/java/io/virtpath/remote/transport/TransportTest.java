package io.virtpath.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.remote.spec.TargetUri;
import io.virtpath.remote.spec.Words;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command lines as text: what ssh and the exec prefixes are given. */
class TransportTest {
  private static final String SCRIPT = "echo 'a b' \"$HOME\"";

  @Test
  void sshIsBatchModeWithStrictHostKeys() {
    Transport t = new Transport(new TargetUri.Ssh("root", "10.0.0.101", 2222), List.of("-F", "/tmp/cfg"), false);
    assertEquals(List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=20",
        "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4", "-F", "/tmp/cfg", "-l", "root", "-p", "2222",
        "--", "10.0.0.101", "sh -c " + Words.quote(SCRIPT)), t.command(SCRIPT));
  }

  @Test
  void acceptNewLearnsUnknownKeysOnly() {
    Transport t = new Transport(new TargetUri.Ssh(null, "pve1", null), List.of(), true);
    List<String> cmd = t.command("true");
    assertEquals("StrictHostKeyChecking=accept-new", cmd.get(4));
    assertEquals(List.of("--", "pve1", "sh -c true"), cmd.subList(cmd.size() - 3, cmd.size()));
  }

  @Test
  void execPrefixGetsTheScriptAsOneWord() {
    Transport t = new Transport(new TargetUri.Exec(List.of("lxc-attach", "-n", "ct1", "--")), List.of(), false);
    assertEquals(List.of("lxc-attach", "-n", "ct1", "--", "sh", "-c", SCRIPT), t.command(SCRIPT));
  }

  @Test
  void anSshPrefixQuotesOnceMoreForTheRemoteShell() {
    Transport t = new Transport(new TargetUri.Exec(List.of("ssh", "root@pve1", "pct", "exec", "101", "--")), List.of(),
        false);
    assertEquals(List.of("ssh", "root@pve1", "pct", "exec", "101", "--", "sh", "-c", Words.quote(SCRIPT)),
        t.command(SCRIPT));
  }

  @Test
  void local() {
    assertEquals(List.of("sh", "-c", SCRIPT), new Transport(new TargetUri.Local(), List.of(), false).command(SCRIPT));
  }
}
