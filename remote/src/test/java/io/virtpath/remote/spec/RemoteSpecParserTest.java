package io.virtpath.remote.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteSpecParserTest {
  private static final RemoteSpecParser.Defaults NONE = new RemoteSpecParser.Defaults(null, null, null, false);
  private static final RemoteSpecParser.Defaults NETWORK = new RemoteSpecParser.Defaults(null, null, null, true);

  @TempDir Path dir;

  @Test
  void aProxmoxFile() {
    RemoteSpec s = RemoteSpecParser.parse("""
        version: 1
        scratch: /var/tmp/vp
        peer: 10.0.0.1:7777
        peerListen: 10.0.0.1:7777
        targets:
          - {name: vm101, uri: "ssh://root@10.0.0.101", kind: emulated}
          - {name: vm102, uri: "ssh://root@10.0.0.102", kind: virtio, scratch: /root/vp}
          - {name: ct200, uri: "exec:ssh root@pve1 pct exec 200 --", kind: container, peer: "10.0.0.2:7777"}
        """, "targets file t.yaml", NETWORK);
    assertEquals(List.of("vm101", "vm102", "ct200"), s.targets().stream().map(RemoteTarget::name).toList());
    RemoteTarget vm102 = s.targets().get(1);
    assertEquals("/root/vp", vm102.scratch());
    assertEquals("10.0.0.1:7777", vm102.peer());
    assertEquals("10.0.0.102", vm102.host());
    RemoteTarget ct = s.targets().get(2);
    assertEquals("/var/tmp/vp", ct.scratch());
    assertEquals("10.0.0.2", ct.peerAddress());
    assertEquals("pve1", ct.host());
    assertEquals("controller", s.peerWhere());
  }

  @Test
  void errorsNameTheField() {
    assertError("targets[1].uri: 'scp://x' is not a target URI", """
        targets:
          - {name: a, uri: local}
          - {name: b, uri: "scp://x"}
        """, NONE);
    assertError("targets[0].colour: unknown field; allowed: name, uri, kind, scratch, peer, host", """
        targets: [{name: a, uri: local, colour: red}]
        """, NONE);
    assertError("targets[1].name: 'a' is used twice", "targets: [{name: a, uri: local}, {name: a, uri: local}]", NONE);
    assertError("targets[0].name: 'VM_1' is not allowed", "targets: [{name: VM_1, uri: local}]", NONE);
    assertError("targets[0].scratch: 'tmp' must be an absolute directory", "targets: [{name: a, uri: local, scratch: tmp}]",
        NONE);
    assertError("targets[0].peer: '10.0.0.1' is not ADDRESS:PORT", "targets: [{name: a, uri: local, peer: 10.0.0.1}]",
        NONE);
    assertError("targets[0].uri: is missing", "targets: [{name: a}]", NONE);
    assertError("targets: must be a non-empty list", "targets: []", NONE);
    assertError("version: '2' is not supported", "version: 2\ntargets: [{name: a, uri: local}]", NONE);
    assertError("peerOn: needs peerListen", "peerOn: local\ntargets: [{name: a, uri: local}]", NONE);
    assertError("targets[0]: the network suite needs the address at which this target reaches a peer",
        "targets: [{name: a, uri: local}]", NETWORK);
    assertError("targets[0].name: YAML reads 'true' as a boolean", "targets: [{name: yes, uri: local}]", NONE);
  }

  @Test
  void thePeerVirtpathStartsIsTheDefaultPeer() {
    RemoteSpec s = RemoteSpecParser.ofFlags(List.of("host=local", "vm1=ssh://root@h"),
        new RemoteSpecParser.Defaults("/srv/vp", null, "10.9.0.1:7777", true));
    assertEquals("10.9.0.1:7777", s.targets().get(1).peer());
    assertEquals("host", s.targets().get(0).kind());
    assertEquals("vm1", s.targets().get(1).kind(), "a name that is no known kind is a free label");
    assertEquals("/srv/vp", s.targets().get(1).scratch());
    RemoteSpec wildcard = RemoteSpecParser.ofFlags(List.of("a=local"),
        new RemoteSpecParser.Defaults(null, null, "0.0.0.0:7777", false));
    assertNull(wildcard.targets().get(0).peer(), "0.0.0.0 is no address a target can reach");
  }

  @Test
  void theFilesPeerListenIsTheDefaultPeerToo() {
    RemoteSpec s = RemoteSpecParser.parse("peerListen: 10.9.0.1:7777\ntargets: [{name: a, uri: local}]", "f", NETWORK);
    assertEquals("10.9.0.1:7777", s.targets().get(0).peer());
  }

  @Test
  void badFlags() {
    String m = assertThrows(UsageException.class, () -> RemoteSpecParser.ofFlags(List.of("vm1"), NONE)).getMessage();
    assertTrue(m.contains("NAME=URI"), m);
    m = assertThrows(UsageException.class, () -> RemoteSpecParser.ofFlags(List.of("a=local", "a=local"), NONE)).getMessage();
    assertTrue(m.contains("used twice"), m);
    m = assertThrows(UsageException.class,
        () -> RemoteSpecParser.ofFlags(List.of("a=ssh://u:secret@h"), NONE)).getMessage();
    assertTrue(m.contains("password") && !m.contains("secret"), m);
  }

  @Test
  void aFlagWithoutItsNameDoesNotRepeatTheSecretInItsUri() {
    // without "NAME=", the URI's first '=' ends what reads as the name
    for (List<String> flags : List.of(List.of("exec:env T=s3cret sh"), List.of("exec:kubectl --token s3cret --env=x"),
        List.of("exec:kubectl --token s3cret"), List.of("vm=exec:env T=s3cret", "vm=exec:env T=s3cret"))) {
      String m = assertThrows(UsageException.class, () -> RemoteSpecParser.ofFlags(flags, NONE)).getMessage();
      assertTrue(m.startsWith("--target ") && !m.contains("s3cret"), m);
    }
  }

  @Test
  void theFileIsCheckedBeforeItIsRead() throws Exception {
    Path d = Files.createDirectory(dir.resolve("d"));
    String m = assertThrows(UsageException.class, () -> RemoteSpecParser.read(d, NONE)).getMessage();
    assertEquals("targets file " + d + " is a directory, not a regular file: pass a YAML or JSON file to --targets", m);
    m = assertThrows(UsageException.class, () -> RemoteSpecParser.read(dir.resolve("none.yaml"), NONE)).getMessage();
    assertTrue(m.contains("does not exist") && m.contains("--targets"), m);
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "targets: [\n");
    m = assertThrows(UsageException.class, () -> RemoteSpecParser.read(bad, NONE)).getMessage();
    assertTrue(m.startsWith("targets file " + bad + " is not valid YAML/JSON at line"), m);
  }

  @Test
  void moreTargetsThanTheBoundAreRefusedWithTheCountTheBoundAndWhatToDo() {
    assertEquals(RemoteSpec.MAX_TARGETS, RemoteSpecParser.parse(targets(RemoteSpec.MAX_TARGETS), "f", NONE).targets().size());
    String m = assertThrows(UsageException.class,
        () -> RemoteSpecParser.parse(targets(RemoteSpec.MAX_TARGETS + 1), "targets file t.yaml", NONE)).getMessage();
    assertTrue(m.startsWith("targets file t.yaml: targets: the list has 65 entries, more than the 64 targets one "
        + "virtpath remote takes"), m);
    assertTrue(m.contains("split the file into files of at most 64 targets"), m);
  }

  @Test
  void tenThousandEntriesAreRefusedBeforeAnyIsRead() {
    // the file: entries that would each fail their own check are not looked at
    StringBuilder y = new StringBuilder("targets:\n");
    for (int i = 0; i < 10_000; i++) {
      y.append("  - {name: BAD_").append(i).append(", uri: \"scp://x\"}\n");
    }
    String m = assertThrows(UsageException.class, () -> RemoteSpecParser.parse(y.toString(), "targets file t.yaml", NONE))
        .getMessage();
    assertTrue(m.contains("the list has 10000 entries") && m.contains("at most 64"), m);
  }

  @Test
  void moreTargetFlagsThanTheBoundAreRefused() {
    List<String> flags = new java.util.ArrayList<>();
    for (int i = 0; i <= RemoteSpec.MAX_TARGETS; i++) {
      flags.add("t" + i + "=local");
    }
    String m = assertThrows(UsageException.class, () -> RemoteSpecParser.ofFlags(flags, NONE)).getMessage();
    assertTrue(m.startsWith("--target is given 65 times, more than the 64 targets"), m);
    assertTrue(m.contains("--targets FILE"), m);
    assertEquals(64, RemoteSpecParser.ofFlags(flags.subList(0, 64), NONE).targets().size());
  }

  @Test
  void theConsoleListStaysShortForManyTargets() {
    assertEquals("[t0, t1, t2]", RemoteSpecParser.parse(targets(3), "f", NONE).targetList());
    assertEquals("[t0, t1, t2, t3, t4, t5, t6, t7]", RemoteSpecParser.parse(targets(8), "f", NONE).targetList());
    assertEquals("[t0, t1, t2, t3, t4, t5, t6, t7 and 56 more: 64 in all, each in remote.json]",
        RemoteSpecParser.parse(targets(64), "f", NONE).targetList());
  }

  /** A targets file with {@code n} local targets t0, t1 ... */
  static String targets(int n) {
    StringBuilder y = new StringBuilder("targets:\n");
    for (int i = 0; i < n; i++) {
      y.append("  - {name: t").append(i).append(", uri: local}\n");
    }
    return y.toString();
  }

  private static void assertError(String expected, String yaml, RemoteSpecParser.Defaults d) {
    String m = assertThrows(UsageException.class, () -> RemoteSpecParser.parse(yaml, "targets file t.yaml", d))
        .getMessage();
    assertTrue(m.startsWith("targets file t.yaml: " + expected), m);
  }
}
