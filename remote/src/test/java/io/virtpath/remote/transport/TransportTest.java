package io.virtpath.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        "--", "10.0.0.101", "sh -c " + Words.quote(SCRIPT)), t.command(SCRIPT).argv());
  }

  @Test
  void acceptNewLearnsUnknownKeysOnly() {
    Transport t = new Transport(new TargetUri.Ssh(null, "pve1", null), List.of(), true);
    List<String> cmd = t.command("true").argv();
    assertEquals("StrictHostKeyChecking=accept-new", cmd.get(4));
    assertEquals(List.of("--", "pve1", "sh -c true"), cmd.subList(cmd.size() - 3, cmd.size()));
  }

  @Test
  void execPrefixGetsTheScriptAsOneWord() {
    Transport t = new Transport(new TargetUri.Exec(List.of("lxc-attach", "-n", "ct1", "--")), List.of(), false);
    assertEquals(List.of("lxc-attach", "-n", "ct1", "--", "sh", "-c", SCRIPT), t.command(SCRIPT).argv());
  }

  @Test
  void anSshPrefixQuotesOnceMoreForTheRemoteShell() {
    Transport t = new Transport(new TargetUri.Exec(List.of("ssh", "root@pve1", "pct", "exec", "101", "--")), List.of(),
        false);
    assertEquals(List.of("ssh", "root@pve1", "pct", "exec", "101", "--", "sh", "-c", Words.quote(SCRIPT)),
        t.command(SCRIPT).argv());
  }

  @Test
  void local() {
    assertEquals(List.of("sh", "-c", SCRIPT),
        new Transport(new TargetUri.Local(), List.of(), false).command(SCRIPT).argv());
  }

  @Test
  void theLogShowsTheUsersValuesHiddenAndRunsThemAsGiven() {
    Transport ssh = new Transport(new TargetUri.Ssh("root", "pve1", null),
        List.of("-F", "/tmp/cfg", "-o", "SetEnv=TOKEN=s3cret", "-oProxyCommand=nc %h %p"), false);
    CommandLine c = ssh.command(SCRIPT);
    assertEquals(List.of("-F", "/tmp/cfg", "-o", "SetEnv=TOKEN=s3cret", "-oProxyCommand=nc %h %p"), c.argv().subList(11, 16));
    assertEquals(List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=20",
        "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4", "-F", "***", "-o", "SetEnv=***",
        "-oProxyCommand=***", "-l", "root", "--", "pve1", "sh -c " + Words.quote(SCRIPT)), c.shown());

    Transport exec = new Transport(new TargetUri.Exec(List.of("env", "KUBE_TOKEN=s3cret", "kubectl", "exec", "-i", "p",
        "--")), List.of("-o", "SetEnv=X=s3cret"), false);
    CommandLine e = exec.command(SCRIPT);
    assertEquals(List.of("env", "KUBE_TOKEN=s3cret", "kubectl", "exec", "-i", "p", "--", "sh", "-c", SCRIPT), e.argv());
    assertEquals(List.of("env", "KUBE_TOKEN=***", "kubectl", "exec", "-i", "p", "--", "sh", "-c", SCRIPT), e.shown());
    assertFalse(e.toString().contains("s3cret"), e.toString());
  }
}
