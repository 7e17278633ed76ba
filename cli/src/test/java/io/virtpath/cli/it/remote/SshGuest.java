package io.virtpath.cli.it.remote;

import io.virtpath.core.FileTrees;
import io.virtpath.core.ShutdownHook;
import io.virtpath.lab.guest.DiskImage;
import io.virtpath.lab.guest.DiskModel;
import io.virtpath.lab.guest.GuestConfig;
import io.virtpath.lab.guest.GuestImage;
import io.virtpath.lab.guest.NicModel;
import io.virtpath.lab.guest.QemuGuest;
import io.virtpath.lab.net.LabNetwork;
import io.virtpath.lab.net.TapEndpoint;
import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A lab QEMU guest reached over ssh, as a remote target of {@code virtpath remote}: the lab's own
 * guest (kernel, initramfs, tmpfs root with the host's /usr read-only, the disk under test and the
 * NIC of the given models on a tap in a network namespace of its own), whose job is Debian's
 * /usr/sbin/sshd in the foreground instead of the suites ({@link SshGuestJob}).
 *
 * <p>The controller side is the namespace's bridge: {@code virtpath remote} runs there ({@code ip
 * netns exec controllerNetns() ...}) with {@code VIRTPATH_SSH_OPTIONS="-F clientConfig()"}, and its
 * peer listens on {@code controllerIp()}, which the guest reaches over its NIC. Nothing of the
 * guest is in the initial network namespace.
 *
 * <pre>{@code
 * try (SshGuest g = SshGuest.boot(work, logs, NicModel.VIRTIO_NET, DiskModel.VIRTIO_BLK)) {
 *   // VIRTPATH_SSH_OPTIONS="-F " + g.clientConfig(), then:
 *   // ip netns exec g.controllerNetns() java -jar virtpath.jar remote --target virtio=g.uri()
 *   //     --scratch g.scratch() --peer-listen g.controllerIp() + ":7777" ...
 * }
 * }</pre>
 *
 * <p>{@link #boot} returns once an ssh login from the controller namespace works. {@link #close}
 * kills QEMU, removes the namespace (with the tap and the bridge) and every file the guest had
 * (keys, disk image, boot share); only {@code logDir} stays. A failed boot closes itself.
 */
public final class SshGuest implements AutoCloseable {
  /**
   * From QEMU's start to a working login. Generous: TCG boots a guest on 2 vCPUs in about a
   * minute (measured: see SshGuestIT), a loaded CI machine may take several.
   */
  static final Duration READY_LIMIT = Duration.ofMinutes(10);
  /**
   * The disk under test: the quick profile's 256 MiB test file, the disk suite's headroom beside
   * it (the lab gives 256 MiB) and an unpacked bundle (about 105 MB) with its tarball (40 MB).
   */
  static final long DISK_BYTES = 1L << 30;
  /** The directory on the disk under test that virtpath remote gets as --scratch. */
  static final String SCRATCH = "/scratch/virtpath";
  private static final Duration SSH_LIMIT = Duration.ofMinutes(2);
  private static final Duration POLL = Duration.ofMillis(250);

  private final String id;
  private final Path dir;
  private final Path logDir;
  private LabNetwork network;
  private TapEndpoint tap;
  private SshGuestKeys keys;
  private QemuGuest guest;
  private String kernelVersion;
  private long qemuStartNanos;
  private double readySeconds = -1;
  private boolean closed;
  private final ShutdownHook hook;

  private SshGuest(String id, Path dir, Path logDir) {
    this.id = id;
    this.dir = dir;
    this.logDir = logDir;
    // A test JVM stopped by SIGTERM (a cancelled build) still takes the guest down with it.
    this.hook = ShutdownHook.install("close " + guestName(), () -> {
      try {
        close();
      } catch (RuntimeException e) {
        System.err.println("[" + guestName() + "] " + e.getMessage());
      }
    });
  }

  /**
   * Boots the guest and waits until {@code ssh -F clientConfig() root@IP true} works from the
   * controller namespace. Its files go to a new directory under {@code work}, its logs (QEMU's
   * command line and console, network.log, ssh attempts) to {@code logDir}.
   */
  public static SshGuest boot(Path work, Path logDir, NicModel nic, DiskModel disk)
      throws IOException, InterruptedException {
    return boot(work, logDir, nic, disk, READY_LIMIT);
  }

  /** With another readiness limit: SshGuestIT uses a zero one to fail a boot half-way. */
  static SshGuest boot(Path work, Path logDir, NicModel nic, DiskModel disk, Duration readyLimit)
      throws IOException, InterruptedException {
    if (nic == null || disk == null) {
      throw new IllegalArgumentException("an ssh guest needs a NIC and a disk model, got " + nic + " and " + disk);
    }
    SshGuestPrerequisites.check();
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    // "sg" + 6 hex: names the namespace vp-sgXXXXXX-lab and the guest sshguest-sgXXXXXX
    String id = "sg" + HexFormat.of().formatHex(random);
    Files.createDirectories(logDir);
    SshGuest g = new SshGuest(id, work.toAbsolutePath().resolve("sshguest-" + id), logDir.toAbsolutePath());
    try {
      g.start(nic, disk);
      g.awaitReady(readyLimit);
      return g;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      try {
        g.close();
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private void start(NicModel nic, DiskModel disk) throws IOException {
    Files.createDirectory(dir);
    network = LabNetwork.create(id, logDir);
    tap = network.addTap("guest");
    keys = SshGuestKeys.create(dir, tap.guestIp());
    Path job = Files.writeString(dir.resolve(SshGuestJob.SCRIPT), SshGuestJob.script(SCRATCH));
    Path sshdConfig = Files.writeString(dir.resolve(SshGuestJob.SSHD_CONFIG), SshGuestJob.sshdConfig());
    Path image = dir.resolve("disk.img");
    DiskImage.create(image, DISK_BYTES);
    GuestConfig config = GuestConfig.builder(guestName())
        .disk(disk, image)
        .nic(nic, tap.netns(), tap.tap(), tap.guestCidr(), network.peerIp())
        .mac(tap.mac())
        // TCG: this machine's /dev/kvm does not run guests (PVM), and a fixture should not probe
        .accel("tcg")
        .command(List.of("/bin/sh", QemuGuest.bootPath(SshGuestJob.SCRIPT)))
        // Only await() applies the timeout, and nothing awaits this guest: close() ends it.
        .timeout(Duration.ofDays(1))
        .logDir(logDir)
        .bootDir(dir.resolve("boot"))
        .bootFile(SshGuestJob.SCRIPT, job)
        .bootFile(SshGuestJob.SSHD_CONFIG, sshdConfig)
        .bootFile(SshGuestJob.HOST_KEY, keys.hostKey())
        .bootFile(SshGuestJob.AUTHORIZED_KEYS, keys.authorizedKeys())
        .build();
    GuestImage guestImage = GuestImage.prepare(SshGuestPrerequisites.cacheDir(), line -> note("guest image: " + line));
    kernelVersion = guestImage.kernelVersion();
    qemuStartNanos = System.nanoTime();
    guest = QemuGuest.boot(config, guestImage, phase -> note("guest: " + phase));
  }

  /**
   * First sshd's "Server listening" on the console (QEMU's own start can fail, the job can fail
   * before sshd runs: either ends the wait with the console's last lines), then one working login.
   */
  private void awaitReady(Duration limit) throws IOException, InterruptedException {
    long start = qemuStartNanos;
    long deadline = start + limit.toNanos();
    // QEMU's raw serial output, not console.log: QEMU's start truncates it, while console.log is
    // rewritten by a thread of its own a moment later, and until then still holds the console of an
    // earlier guest that used the same logDir (with its "Server listening" line).
    Path serial = logDir.resolve("qemu.out");
    Path console = logDir.resolve("console.log");
    while (true) {
      String text = Files.exists(serial) ? Files.readString(serial, StandardCharsets.ISO_8859_1) : "";
      if (text.contains(SshGuestJob.LISTENING)) {
        break;
      }
      if (text.contains(SshGuestJob.FAIL) || text.contains("VIRTPATH-GUEST-FAIL")
          || text.contains("VIRTPATH-GUEST-DONE") || !qemuAlive()) {
        throw new IOException("guest " + guestName() + " stopped before sshd listened; console "
            + console + " ends with:\n" + tail(text, 15));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("sshd in guest " + guestName() + " did not listen within " + limit.toSeconds()
            + " s; console " + console + " ends with:\n" + tail(text, 15));
      }
      Thread.sleep(POLL);
    }
    note("sshd listens after " + seconds(start) + " s");
    while (true) {
      Shell.Result r = ssh("true", SSH_LIMIT);
      if (r.ok()) {
        break;
      }
      String why = "exit " + r.exit() + ": " + r.stderr().strip();
      note("ssh root@" + ip() + " true: " + why);
      // A refused key or host key is an answer, not a guest still starting: say so at once.
      boolean refused = r.stderr().contains("Permission denied") || r.stderr().contains("Host key verification failed");
      if (refused || System.nanoTime() > deadline || !qemuAlive()) {
        throw new IOException("sshd in guest " + guestName() + " listens, but ssh -F " + keys.clientConfig()
            + " root@" + ip() + " true fails (" + why + "); console " + console + " ends with:\n"
            + tail(Files.readString(serial, StandardCharsets.ISO_8859_1), 10));
      }
      Thread.sleep(POLL);
    }
    readySeconds = seconds(start);
    note("ssh root@" + ip() + " works after " + readySeconds + " s");
  }

  /** The target's URI for virtpath remote. */
  public String uri() {
    return "ssh://root@" + ip() + ":22";
  }

  /** The guest's address on its NIC. */
  public String ip() {
    return tap.guestIp();
  }

  /** An ssh_config for {@code ssh -F}: this guest's key, its host key, batch mode. */
  public Path clientConfig() {
    return keys.clientConfig();
  }

  /** The namespace where the controller runs ({@code ip netns exec NAME ...}): the guest's bridge. */
  public String controllerNetns() {
    return network.labNamespace();
  }

  /** The controller's address in {@link #controllerNetns}, which the guest reaches: the peer's. */
  public String controllerIp() {
    return network.peerIp();
  }

  /** The scratch directory in the guest, on the disk under test. */
  public String scratch() {
    return SCRATCH;
  }

  /** Seconds from QEMU's start to the first working login. */
  public double readySeconds() {
    return readySeconds;
  }

  /** The guest kernel's release ({@code uname -r} in the guest). */
  public String kernelVersion() {
    return kernelVersion;
  }

  /** QEMU's name for the guest (its -name), unique to this guest. */
  public String guestName() {
    return "sshguest-" + id;
  }

  /** The tap device (in {@link #controllerNetns}). */
  public String tap() {
    return tap.tap();
  }

  /** QEMU's pid. */
  public long qemuPid() {
    return guest.pid();
  }

  /** The directory holding keys, disk image and boot share; gone after close. */
  public Path files() {
    return dir;
  }

  /** Runs {@code command} in the guest as root, with the real ssh client from the controller namespace. */
  public Shell.Result ssh(String command, Duration limit) throws IOException {
    return Shell.run(
        List.of("ip", "netns", "exec", controllerNetns(), "ssh", "-F", clientConfig().toString(), "root@" + ip(), command),
        limit);
  }

  /**
   * Kills QEMU, then whatever still runs in the namespace (ssh clients), then the tap, bridge and
   * namespace, then the files. Every step runs even when an earlier one failed; what could not be
   * removed is reported at the end. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<String> problems = new ArrayList<>();
    if (guest != null) {
      try {
        guest.close();
      } catch (RuntimeException e) {
        problems.add("closing QEMU: " + e);
      }
      if (qemuAlive()) {
        problems.add("QEMU pid " + guest.pid() + " still runs");
      }
    }
    if (network != null) {
      network.close(); // never throws; it logs to logDir/network.log
      try {
        if (!LabNetwork.leftovers(id).isEmpty()) {
          problems.add("namespaces " + LabNetwork.leftovers(id) + " remain (see " + logDir.resolve("network.log") + ")");
        }
      } catch (IOException e) {
        problems.add("cannot list namespaces: " + e.getMessage());
      }
    }
    try {
      if (Files.exists(dir)) {
        FileTrees.delete(dir);
      }
    } catch (IOException e) {
      problems.add("cannot delete " + dir + ": " + e);
    }
    hook.close();
    if (!problems.isEmpty()) {
      throw new IllegalStateException("ssh guest " + guestName() + " left behind: " + String.join("; ", problems));
    }
  }

  private boolean qemuAlive() {
    return guest != null && ProcessHandle.of(guest.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  private void note(String line) {
    System.err.println("[" + guestName() + "] " + line);
  }

  private static double seconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0;
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
