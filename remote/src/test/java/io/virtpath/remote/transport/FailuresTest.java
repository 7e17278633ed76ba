package io.virtpath.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.remote.spec.TargetUri;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sentences for what the real ssh client printed (its messages as OpenSSH 9 words them). */
class FailuresTest {
  private static final TargetUri.Ssh VM = new TargetUri.Ssh("root", "10.0.0.5", 2222);
  private static final Markers NONE = new Markers(List.of());

  @Test
  void aChangedHostKeyNamesTheKnownHostsEntryToRemove() {
    String m = Failures.describe(VM, "probe", 255, NONE, """
        @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
        @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
        @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
        Host key for [10.0.0.5]:2222 has changed and you have requested strict checking.
        Host key verification failed.""");
    assertTrue(m.startsWith("the host key of 10.0.0.5 has CHANGED") && m.contains("ssh-keygen -R '[10.0.0.5]:2222'"), m);
  }

  @Test
  void anUnknownKeyARefusedLoginAndAnUnreachableHost() {
    assertTrue(Failures.describe(VM, "probe", 255, NONE, "No ED25519 host key is known for [10.0.0.5]:2222 and you have "
        + "requested strict checking.\nHost key verification failed.").contains("--accept-new-host-keys"));
    assertEquals("ssh could not log in to ssh://root@10.0.0.5:2222 (root@10.0.0.5: Permission denied (publickey).): "
        + "virtpath runs ssh in batch mode, so it needs a key or an agent; it never asks for a password",
        Failures.describe(VM, "probe", 255, NONE, "root@10.0.0.5: Permission denied (publickey)."));
    assertEquals("ssh://root@10.0.0.5:2222 is unreachable: ssh: connect to host 10.0.0.5 port 2222: No route to host",
        Failures.describe(VM, "probe", 255, NONE, "ssh: connect to host 10.0.0.5 port 2222: No route to host"));
  }

  @Test
  void theScriptsOwnReasonWins() {
    assertEquals("the scratch directory /x is not writable", Failures.describe(VM, "probe", 3,
        new Markers(List.of("sh", "fail the scratch directory /x is not writable")), ""));
  }

  @Test
  void noShell() {
    TargetUri.Exec e = new TargetUri.Exec(List.of("lxc-attach", "-n", "ct1", "--"));
    String m = Failures.describe(e, "probe", 127, NONE, "lxc-attach: ct1: No such file or directory - sh");
    assertTrue(m.startsWith("exec:lxc-attach -n ct1 -- has no /bin/sh"), m);
  }
}
