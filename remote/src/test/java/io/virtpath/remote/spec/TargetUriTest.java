package io.virtpath.remote.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetUriTest {
  @Test
  void sshWithAndWithoutUserAndPort() {
    assertEquals(new TargetUri.Ssh("root", "10.0.0.101", 2222), TargetUri.parse("ssh://root@10.0.0.101:2222"));
    assertEquals(new TargetUri.Ssh(null, "pve1", null), TargetUri.parse("ssh://pve1"));
    assertEquals(new TargetUri.Ssh("admin", "fd00::5", 22), TargetUri.parse("ssh://admin@[fd00::5]:22"));
    assertEquals("ssh://admin@[fd00::5]:22", TargetUri.parse("ssh://admin@[fd00::5]:22").text());
    assertEquals("pve1", TargetUri.parse("ssh://root@pve1").host());
  }

  @Test
  void aPasswordIsRefusedAndNotRepeated() {
    // a path, an '@' or a ':' in the password: refused as a password all the same, before any message quotes the URI
    for (String uri : List.of("ssh://root:hunter2@pve1", "ssh://root:hun/ter2@pve1", "ssh://root:hun@ter2@pve1:22",
        "ssh://root:hun:ter2@pve1/x")) {
      String m = assertThrows(IllegalArgumentException.class, () -> TargetUri.parse(uri)).getMessage();
      assertTrue(m.contains("holds a password") && m.contains("ssh://root:***@pve1"), m);
      assertFalse(m.contains("hunter2") || m.contains("ter2"), "the message must not repeat the password: " + m);
    }
  }

  @Test
  void aSecretInAPrefixRunsButIsNotShown() {
    TargetUri.Exec e = (TargetUri.Exec) TargetUri.parse("exec:env KUBE_TOKEN=s3cret kubectl exec -i pod --");
    assertEquals(List.of("env", "KUBE_TOKEN=s3cret", "kubectl", "exec", "-i", "pod", "--"), e.prefix());
    assertEquals("exec:env 'KUBE_TOKEN=***' kubectl exec -i pod --", e.text());
    for (String bad : List.of("exec:env T='s3cret", "env T=s3cret sh")) {
      String m = assertThrows(IllegalArgumentException.class, () -> TargetUri.parse(bad)).getMessage();
      assertFalse(m.contains("s3cret"), m);
    }
  }

  @Test
  void refusesWhatSshWouldMisread() {
    assertThrows(IllegalArgumentException.class, () -> TargetUri.parse("ssh://-oProxyCommand=x"));
    assertThrows(IllegalArgumentException.class, () -> TargetUri.parse("ssh://pve1:0"));
    assertThrows(IllegalArgumentException.class, () -> TargetUri.parse("ssh://pve1:70000"));
    assertThrows(IllegalArgumentException.class, () -> TargetUri.parse("ssh://pve1/path"));
    assertThrows(IllegalArgumentException.class, () -> TargetUri.parse("ssh://[fd00::1"));
    assertThrows(IllegalArgumentException.class, () -> TargetUri.parse("exec:"));
    assertThrows(IllegalArgumentException.class, () -> TargetUri.parse("exec:pct 'exec 101"));
    String m = assertThrows(IllegalArgumentException.class, () -> TargetUri.parse("10.0.0.1")).getMessage();
    assertTrue(m.contains("ssh://[user@]host[:port]") && m.contains("exec:") && m.contains("local"), m);
  }

  @Test
  void execPrefixesAndTheirHosts() {
    TargetUri.Exec pct = (TargetUri.Exec) TargetUri.parse("exec:ssh root@pve1 pct exec 101 --");
    assertEquals(List.of("ssh", "root@pve1", "pct", "exec", "101", "--"), pct.prefix());
    assertEquals("pve1", pct.host());
    assertTrue(pct.throughRemoteShell());
    assertEquals("pve2", TargetUri.parse("exec:/usr/bin/ssh -p 2222 -o BatchMode=yes admin@pve2 lxc-attach -n 1 --").host());
    TargetUri.Exec attach = (TargetUri.Exec) TargetUri.parse("exec:lxc-attach -n ct1 --");
    assertEquals("controller", attach.host());
    assertFalse(attach.throughRemoteShell());
    assertEquals("exec:kubectl exec -i 'my pod' --", TargetUri.parse("exec:kubectl exec -i 'my pod' --").text());
    assertEquals(new TargetUri.Local(), TargetUri.parse("local"));
  }
}
