package io.virtpath.cli.it.remote;

import io.virtpath.core.FileTrees;
import io.virtpath.lab.net.NetNs;
import io.virtpath.lab.proc.ChildProcess;
import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Debian's real OpenSSH server in the guest namespace of a {@link RemoteNet}, listening on
 * 10.79.K.2:2222, with keys made for this test only: its own ed25519 host key, root's login by the
 * generated client key and by nothing else (no password, no keyboard-interactive, no PAM). What it
 * runs, it runs on this machine as root; only the network is the guest's.
 *
 * <p>The client side is an ssh_config file ({@link #clientConfig()}) that a test hands to virtpath
 * as {@code VIRTPATH_SSH_OPTIONS="-F <file>"} ({@link #env()}); it pins the host key in a
 * known_hosts file of its own and sets no StrictHostKeyChecking, so the command line's setting
 * (the contract's {@code yes}, or {@code accept-new}) is the one that counts.
 */
public final class SshServer implements AutoCloseable {
  public static final int PORT = 2222;
  public static final String SSHD = "/usr/sbin/sshd";
  public static final String OPTIONS_ENV = "VIRTPATH_SSH_OPTIONS";
  private static final String READY = "Server listening on ";
  private static final Duration START_LIMIT = Duration.ofSeconds(30);
  /** Debian's sshd refuses to start without its privilege separation directory. */
  private static final Path PRIVSEP_DIR = Path.of("/run/sshd");

  private final RemoteNet net;
  private final Path dir;
  private final Path logDir;
  private ChildProcess sshd;
  private boolean closed;

  private SshServer(RemoteNet net, Path dir, Path logDir) {
    this.net = net;
    this.dir = dir;
    this.logDir = logDir;
  }

  /** Generates keys and configs, starts sshd and waits until it listens; undone on any failure. */
  public static SshServer start(RemoteNet net, Path logDir) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(SSHD))) {
      throw new IOException(SSHD + " is missing: scripts/install-deps.sh installs openssh-server");
    }
    Files.createDirectories(logDir);
    SshServer s = new SshServer(net, Files.createTempDirectory("vpr-ssh-" + net.id() + "-"), logDir);
    try {
      s.writeKeysAndConfigs();
      if (!Files.isDirectory(PRIVSEP_DIR)) {
        // What the package's tmpfiles.d entry makes at boot; left in place, as it would be.
        Files.createDirectories(PRIVSEP_DIR);
      }
      // setsid: the listener leads a process group of its own, which close() signals as a whole.
      // ip netns exec execs, so the child's pid is sshd's: -D keeps it in the foreground, -e
      // sends its log to stderr, i.e. to sshd.err in the test's log directory.
      s.sshd = ChildProcess.start("sshd", List.of("setsid", "ip", "netns", "exec", net.guest(),
          SSHD, "-D", "-e", "-f", s.dir.resolve("sshd_config").toString()), logDir);
      s.awaitListening();
      return s;
    } catch (IOException | RuntimeException | InterruptedException e) {
      s.close();
      throw e;
    }
  }

  /** {@code ssh://root@10.79.K.2:2222}: a target URI as the contract spells it. */
  public String uri() {
    return "ssh://root@" + net.guestIp() + ":" + PORT;
  }

  /** The ssh_config that logs in: generated client key, the right host key pinned, BatchMode. */
  public Path clientConfig() {
    return dir.resolve("ssh_config");
  }

  /** Like {@link #clientConfig()}, but known_hosts pins a different ed25519 key for the host. */
  public Path withWrongHostKey() {
    return dir.resolve("ssh_config.wrong-host-key");
  }

  /** Like {@link #clientConfig()}, but known_hosts (an empty, writable file) knows no key. */
  public Path withEmptyKnownHosts() {
    return dir.resolve("ssh_config.unknown-host");
  }

  /** The environment that gives virtpath {@link #clientConfig()}. */
  public Map<String, String> env() {
    return env(clientConfig());
  }

  /** The environment that gives virtpath {@code config}, e.g. {@link #withWrongHostKey()}. */
  public static Map<String, String> env(Path config) {
    return Map.of(OPTIONS_ENV, "-F " + config);
  }

  /** sshd's own log (LogLevel VERBOSE): connections, accepted keys, sessions. */
  public Path log() {
    return logDir.resolve("sshd.err");
  }

  public long listenerPid() {
    return sshd.pid();
  }

  /** Every sshd process in the guest namespace: the listener plus one or two per open connection. */
  public List<Long> sshdPids() throws IOException {
    List<Long> pids = new ArrayList<>();
    for (long pid : NetNs.pids(net.guest())) {
      Optional<String> exe = ProcessHandle.of(pid).flatMap(h -> h.info().command());
      if (exe.isPresent() && exe.get().equals(SSHD)) {
        pids.add(pid);
      }
    }
    return pids;
  }

  /**
   * What runs in the guest namespace besides the listener, as "pid N: command line": session
   * processes and whatever a session started, even if it detached from sshd. Only processes in this
   * machine's PID namespace count, so a container sharing the namespace is not reported here.
   * Empty when every session is over and left nothing behind.
   */
  public List<String> sessionsAlive() throws IOException {
    Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/pid"));
    List<String> alive = new ArrayList<>();
    for (long pid : NetNs.pids(net.guest())) {
      if (pid == listenerPid()) {
        continue;
      }
      try {
        if (Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/pid")).equals(ours)) {
          alive.add(ProcessLine.describe(pid));
        }
      } catch (IOException exitedMeanwhile) {
        // gone between the listing and the look: not alive
      }
    }
    return alive;
  }

  /**
   * Waits up to {@code limit} for {@link #sessionsAlive()} to be empty (sshd ends a session's
   * processes just after the client has seen the exit status) and returns what is still there.
   */
  public List<String> awaitSessionsGone(Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    List<String> alive = sessionsAlive();
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      alive = sessionsAlive();
    }
    return alive;
  }

  /**
   * Waits up to {@code limit} until the listener is the only sshd left (every connection closed
   * on the server side too); fails naming the session processes otherwise.
   */
  public void awaitIdle(Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!sshdPids().equals(List.of(listenerPid()))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("sshd sessions still open after " + limit + ": " + sessionsAlive());
      }
      Thread.sleep(50);
    }
  }

  /**
   * Stops sshd and everything it started: SIGTERM to the listener and its descendants (sessions
   * call setsid, so they are not in its process group), a grace period, SIGKILL to those still
   * there, then SIGKILL to the listener's process group; removes the keys. What a session detached
   * from sshd is left to {@link RemoteNet#close()}, which ends everything in the namespace.
   * Idempotent; the log stays in the log directory.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sshd != null) {
      // The listener first, not the group: once it is gone its sessions are nobody's descendants.
      sshd.close();
      signalGroup("KILL");
    }
    try {
      FileTrees.delete(dir);
    } catch (IOException | RuntimeException e) {
      System.err.println("remote fixture sshd: cannot remove " + dir + ": " + e);
    }
  }

  private void signalGroup(String signal) {
    try {
      // "No such process" when the group is empty already: that is the goal, not an error.
      Shell.run(Duration.ofSeconds(5), "kill", "-" + signal, "--", "-" + sshd.pid());
    } catch (IOException e) {
      System.err.println("remote fixture sshd: kill -" + signal + " -" + sshd.pid() + ": " + e);
    }
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log()) && Files.readString(log()).contains(READY)) {
        return;
      }
      if (!sshd.isAlive()) {
        throw new IOException("sshd exited before listening: " + sshd.stderrTail(10));
      }
      Thread.sleep(20);
    }
    throw new IOException("sshd did not listen within " + START_LIMIT + ": " + sshd.stderrTail(10));
  }

  private void writeKeysAndConfigs() throws IOException {
    String hostKey = keygen("ssh_host_ed25519_key");
    String otherKey = keygen("other_host_ed25519_key");
    Files.writeString(dir.resolve("authorized_keys"), keygen("client_ed25519_key") + "\n");
    String host = "[" + net.guestIp() + "]:" + PORT;
    Files.writeString(dir.resolve("known_hosts"), host + " " + hostKey + "\n");
    Files.writeString(dir.resolve("known_hosts.wrong"), host + " " + otherKey + "\n");
    Files.writeString(dir.resolve("known_hosts.empty"), "");
    Files.writeString(clientConfig(), clientConfig("known_hosts"));
    Files.writeString(withWrongHostKey(), clientConfig("known_hosts.wrong"));
    Files.writeString(withEmptyKnownHosts(), clientConfig("known_hosts.empty"));
    Files.writeString(dir.resolve("sshd_config"), """
        ListenAddress %s
        Port %d
        HostKey %s
        PermitRootLogin prohibit-password
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        AuthorizedKeysFile %s
        # The keys live in a temporary directory, not root's own ~/.ssh.
        StrictModes no
        PidFile %s
        PrintMotd no
        LogLevel VERBOSE
        # what a test sends with ssh -o SetEnv reaches the session (RemoteSecretsIT)
        AcceptEnv VIRTPATH_TEST_*
        """.formatted(net.guestIp(), PORT, dir.resolve("ssh_host_ed25519_key"),
        dir.resolve("authorized_keys"), dir.resolve("sshd.pid")));
  }

  private String clientConfig(String knownHosts) {
    return """
        IdentityFile %s
        IdentitiesOnly yes
        UserKnownHostsFile %s
        GlobalKnownHostsFile /dev/null
        BatchMode yes
        """.formatted(dir.resolve("client_ed25519_key"), dir.resolve(knownHosts));
  }

  /** A new ed25519 key pair without passphrase; returns the public key's "type base64". */
  private String keygen(String name) throws IOException {
    Path key = dir.resolve(name);
    Shell.run(Duration.ofSeconds(30), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
        "virtpath-test-" + name, "-f", key.toString()).orThrow();
    String[] pub = Files.readString(dir.resolve(name + ".pub")).strip().split("\\s+");
    return pub[0] + " " + pub[1];
  }
}
