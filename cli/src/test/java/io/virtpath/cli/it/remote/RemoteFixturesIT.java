package io.virtpath.cli.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.cli.it.VirtpathProcess;
import io.virtpath.core.Json;
import io.virtpath.lab.net.NetNs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixtures the remote end-to-end tests stand on, each proved against the real programs: the
 * ssh client in the controller namespace logs in to sshd in the guest namespace with the generated
 * key and refuses a changed or unknown host key; the bare container runs commands with stdin
 * attached, reaches a peer started in the controller namespace, has a disk scratch and no Java anywhere, yet runs a virtpath
 * bundle; and after close() no namespace, sshd, container or process of theirs is left.
 */
@Tag("privileged")
class RemoteFixturesIT {
  private static final Path LOGS = Path.of("target/it-logs/remote-fixtures");
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void sshFromTheControllerLogsInWithTheKeyAndRefusesAChangedOrUnknownHostKey() throws Exception {
    Path logs = LOGS.resolve("ssh");
    List<String> namespaces;
    long listener;
    long stray;
    String config;
    try (RemoteNet net = RemoteNet.create(logs); SshServer sshd = SshServer.start(net, logs)) {
      namespaces = net.namespaces();
      listener = sshd.listenerPid();
      config = sshd.clientConfig().toString();
      assertEquals(List.of(listener), sshd.sshdPids(), "before any login only the listener runs");

      Commands.Result ok = ssh(net, sshd.clientConfig(), "echo ok; ip route get " + net.controllerIp());
      assertEquals(0, ok.exit(), ok::describe);
      assertEquals("ok", ok.stdout().lines().findFirst().orElse(""), ok::describe);
      assertTrue(ok.stdout().contains(" dev eth0 "), "the session is in the guest namespace: " + ok.stdout());
      assertTrue(Files.readString(sshd.log()).contains("Accepted publickey for root from " + net.controllerIp()),
          "sshd saw the controller's address log in by key");
      assertEquals(List.of(), sshd.awaitSessionsGone(LIMIT), "the finished session left nothing");
      assertEquals(List.of(listener), sshd.sshdPids());

      Commands.Result changed = ssh(net, sshd.withWrongHostKey(), "echo ok");
      assertEquals(255, changed.exit(), changed::describe);
      assertTrue(changed.stderr().contains("REMOTE HOST IDENTIFICATION HAS CHANGED"), changed::describe);
      assertEquals("", changed.stdout());
      Commands.Result unknown = ssh(net, sshd.withEmptyKnownHosts(), "echo ok");
      assertEquals(255, unknown.exit(), unknown::describe);
      assertTrue(unknown.stderr().contains("Host key verification failed"), unknown::describe);
      assertEquals("", unknown.stdout());

      // What a careless remote run leaves: a process detached from its session. It must be seen,
      // and teardown must end it.
      Commands.Result detach = ssh(net, sshd.clientConfig(), "setsid sleep 600 </dev/null >/dev/null 2>&1 &");
      assertEquals(0, detach.exit(), detach::describe);
      sshd.awaitIdle(LIMIT);
      List<String> left = sshd.sessionsAlive();
      assertEquals(1, left.size(), left.toString());
      assertTrue(left.get(0).contains("sleep 600"), left.toString());
      stray = pidOf(left.get(0));
    }
    assertNoNamespace(namespaces);
    assertGone(listener, "the sshd listener");
    assertGone(stray, "the detached process of a session");
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      assertEquals(List.of(), all.filter(p -> p.info().commandLine().orElse("").contains(Path.of(config).getParent().toString()))
          .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList(), "no process uses the fixture's files");
    }
    assertFalse(Files.exists(Path.of(config)), "keys and configs are removed");
  }

  @Test
  void theBareContainerRunsCommandsWithStdinHasADiskScratchAndNoJava() throws Exception {
    Path logs = LOGS.resolve("container");
    List<String> namespaces;
    long init;
    long stray;
    Path root;
    String id;
    try (RemoteNet net = RemoteNet.create(logs); BareContainer ct = BareContainer.start(net, logs)) {
      namespaces = net.namespaces();
      init = ct.initPid();
      root = ct.rootOnHost();
      id = ct.id();
      assertEquals("ok\n", inside(ct, "echo ok").stdout());
      Commands.Result cat = Commands.run(LIMIT, "hi\n", with(ct.execCommand(), "cat"));
      assertEquals("hi\n", cat.stdout(), cat::describe);

      Commands.Result which = inside(ct, "which java");
      assertEquals(1, which.exit(), which::describe);
      assertEquals("", which.stdout());
      assertNotEquals(0, inside(ct, "ls /usr/lib/jvm").exit());
      assertEquals("", inside(ct, "find / -xdev \\( -name 'java*' -o -name 'libjvm.so' \\)").stdout(),
          "no java anywhere in the root");
      assertTrue(inside(ct, "getconf GNU_LIBC_VERSION").stdout().startsWith("glibc 2."),
          "the bundle launcher's glibc check works");

      String scratch = ct.scratch();
      Commands.Result fs = inside(ct, "stat -f -c %T " + scratch);
      assertEquals(0, fs.exit(), fs::describe);
      assertNotEquals("tmpfs", fs.stdout().strip(), "the scratch is on a disk");
      Commands.Result direct = inside(ct, "dd if=/dev/zero of=" + scratch + "/odirect bs=4096 count=8 oflag=direct");
      assertEquals(0, direct.exit(), direct::describe);
      // virtpath's peer, started in the controller namespace (the only place with that address),
      // takes a TCP connection from inside the container; 'C' asks it to close at once.
      String peer = net.controllerIp() + ":7777";
      try (VirtpathProcess p = VirtpathProcess.startIn(net.controller(), logs.resolve("peer"), "peer", "--listen", peer)) {
        p.awaitOutput("^listening on " + peer.replace(".", "\\.") + " ", LIMIT);
        Commands.Result connect = inside(ct, "printf C | nc " + peer.replace(':', ' '));
        assertEquals(0, connect.exit(), connect::describe);
      }

      assertEquals(List.of(), ct.processesInside(), "finished commands left nothing");
      assertEquals(0, inside(ct, "sleep 600 </dev/null >/dev/null 2>&1 &").exit());
      List<String> left = ct.processesInside();
      assertEquals(1, left.size(), left.toString());
      assertTrue(left.get(0).contains("sleep 600"), left.toString());
      stray = pidOf(left.get(0));
    }
    assertNoNamespace(namespaces);
    assertGone(init, "the container's PID 1");
    assertGone(stray, "a process left in the container");
    assertFalse(Files.exists(root.getParent().getParent()), "root and runc state are removed: " + root);
    List<Path> cgroups = new ArrayList<>(List.of(Path.of("/sys/fs/cgroup/virtpath-" + id)));
    try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
      controllers.forEach(c -> cgroups.add(c.resolve("virtpath-" + id)));
    }
    assertEquals(List.of(), cgroups.stream().filter(Files::exists).toList(), "runc removed the cgroups");
  }

  /** The point of the bare root: a bundle, fed through stdin as a remote run deploys it, runs there. */
  @Test
  void aVirtpathBundleRunsInTheBareContainer() throws Exception {
    Path logs = LOGS.resolve("bundle");
    try (VirtpathProcess build = VirtpathProcess.start(logs.resolve("build"), "bundle", "--out", tmp.toString())) {
      assertEquals(0, build.waitFor(Duration.ofMinutes(5)), () -> "bundle: " + safe(build));
    }
    Path tarball;
    try (Stream<Path> files = Files.list(tmp)) {
      tarball = files.filter(f -> f.toString().endsWith(".tar.gz")).findFirst().orElseThrow();
    }
    try (RemoteNet net = RemoteNet.create(logs); BareContainer ct = BareContainer.start(net, logs)) {
      String dir = ct.scratch() + "/bundle";
      Commands.Result unpack = Commands.run(LIMIT, tarball,
          with(ct.execCommand(), "sh", "-c", "mkdir " + dir + " && tar -xzf - -C " + dir));
      assertEquals(0, unpack.exit(), unpack::describe);
      Commands.Result fp = inside(ct, dir + "/*/bin/virtpath fingerprint --json");
      assertEquals(0, fp.exit(), fp::describe);
      JsonNode fingerprint = Json.mapper().readTree(fp.stdout());
      assertEquals("container", fingerprint.path("virtualization").path("kind").asText(), fp.stdout());
      assertEquals(List.of(), ct.processesInside());
    }
  }

  private static Commands.Result ssh(RemoteNet net, Path config, String command)
      throws Exception {
    // As the contract's ssh transport runs it: strict host key checking, the port given.
    return Commands.run(LIMIT, List.of("ip", "netns", "exec", net.controller(), "ssh", "-F", config.toString(),
        "-o", "StrictHostKeyChecking=yes", "-p", "" + SshServer.PORT, "root@" + net.guestIp(), command));
  }

  private static Commands.Result inside(BareContainer ct, String script) throws Exception {
    return Commands.run(LIMIT, with(ct.execCommand(), "sh", "-c", script));
  }

  private static List<String> with(List<String> prefix, String... args) {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** "pid N: ..." -> N. */
  private static long pidOf(String described) {
    return Long.parseLong(described.substring("pid ".length(), described.indexOf(':')));
  }

  private static void assertNoNamespace(List<String> namespaces) throws Exception {
    assertEquals(2, namespaces.size(), namespaces.toString());
    List<String> left = NetNs.list().stream().filter(namespaces::contains).toList();
    assertEquals(List.of(), left, "namespaces left");
  }

  private static void assertGone(long pid, String what) {
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), what + " (pid " + pid + ") still runs");
  }

  private static String safe(VirtpathProcess p) {
    try {
      return p.stderr();
    } catch (Exception e) {
      return "(no stderr: " + e + ")";
    }
  }
}
