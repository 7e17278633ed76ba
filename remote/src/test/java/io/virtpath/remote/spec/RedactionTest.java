package io.virtpath.remote.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the record shows of the words a user gave for reaching a target. */
class RedactionTest {
  @Test
  void assignmentsKeepTheirNameOnly() {
    assertEquals(List.of("env", "KUBE_TOKEN=***", "A=", "kubectl", "--kubeconfig=***", "exec", "-i", "pod", "--"),
        Redaction.prefix(List.of("env", "KUBE_TOKEN=abc", "A=", "kubectl", "--kubeconfig=/k", "exec", "-i", "pod", "--")));
    assertEquals(List.of("env", "T=***"), Redaction.prefix(List.of("env", "T=a b=c")), "the whole value, blanks and all");
  }

  @Test
  void anOptionNamedForASecretHidesTheWordAfterIt() {
    assertEquals(List.of("kubectl", "--token", "***", "--Password", "***", "--api-key", "***", "--bearer-Auth", "***",
        "exec", "-i", "pod", "--"),
        Redaction.prefix(List.of("kubectl", "--token", "t1", "--Password", "p1", "--api-key", "k1", "--bearer-Auth", "b1",
            "exec", "-i", "pod", "--")));
    assertEquals(List.of("tool", "--secret", "--"), Redaction.prefix(List.of("tool", "--secret", "--")),
        "-- ends options, it is no value");
    assertEquals(List.of("pct", "exec", "101", "--"), Redaction.prefix(List.of("pct", "exec", "101", "--")));
  }

  @Test
  void everyValueOfAUsersSshOptionIsHidden() {
    assertEquals(List.of("-F", "***", "-i", "***", "-J", "***", "-o", "SetEnv=***", "-oProxyCommand=***", "-p***", "-v",
        "-Ai", "***", "-o", "SendEnv ***", "-o", "***", "-4"),
        Redaction.sshOptions(List.of("-F", "/cfg", "-i", "/key", "-J", "jump", "-o", "SetEnv=T=abc",
            "-oProxyCommand=nc %h %p", "-p22", "-v", "-Ai", "/key2", "-o", "SendEnv T", "-o", "==x", "-4")));
    assertEquals(List.of("-o"), Redaction.sshOptions(List.of("-o")), "an option without its value, as given");
  }

  @Test
  void anSshPrefixHidesItsOptionValuesButNotItsDestination() {
    assertEquals(List.of("ssh", "-p", "***", "-o", "SetEnv=***", "root@pve1", "env", "T=***", "pct", "exec", "101", "--"),
        Redaction.prefix(List.of("ssh", "-p", "2222", "-o", "SetEnv=T=x", "root@pve1", "env", "T=x", "pct", "exec",
            "101", "--")));
    assertEquals(List.of("/usr/bin/ssh", "--", "-host", "pct"), Redaction.prefix(List.of("/usr/bin/ssh", "--", "-host",
        "pct")));
    // ssh joins the remote command's words for the remote shell: a word may hold a whole command
    assertEquals(List.of("ssh", "pve1", "env  T=*** pct --token *** exec 101 --"),
        Redaction.prefix(List.of("ssh", "pve1", "env  T=x pct --token abc exec 101 --")));
  }

  @Test
  void aTextIsReadAsAShellWouldOrNotShownAtAll() {
    assertEquals("exec:env 'T=***' sh", Redaction.text("exec:env T=x sh"));
    assertEquals("exec:env 'T=***'", Redaction.text("exec:env 'T=a b'"));
    assertEquals(Redaction.MASK, Redaction.text("exec:env T='a b"), "an unclosed quote: no word's end is known");
  }

  @Test
  void theCombinedFlagsOfSshAreReadAsItsGetoptReadsThem() {
    assertEquals(-1, SshPrefix.argumentAt("-v"));
    assertEquals(-1, SshPrefix.argumentAt("-At"));
    assertEquals(2, SshPrefix.argumentAt("-p22"));
    assertEquals(3, SshPrefix.argumentAt("-Ai"));
    assertEquals(3, SshPrefix.argumentAt("-Ai/key"));
    assertEquals("pve1", SshPrefix.destination(List.of("ssh", "-Ao", "SetEnv=T=x", "pve1", "pct", "exec", "1", "--")));
  }
}
