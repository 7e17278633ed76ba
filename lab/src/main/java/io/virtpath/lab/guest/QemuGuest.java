package io.virtpath.lab.guest;

import io.virtpath.lab.proc.ChildProcess;
import io.virtpath.lab.proc.Shell;
import io.virtpath.lab.spec.VhostMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running lab guest: QEMU with a tmpfs root holding read-only 9p exports of only what the job
 * needs (see {@link GuestExports} and {@link BootDir}), the disk under test and the NIC of the
 * configured models, and a job that the guest runs as root and then powers off.
 *
 * <p>QEMU itself runs under its seccomp sandbox and, when started as root, drops to nobody once
 * its tap, disk, vhost and export roots are open ({@link QemuUser}).
 *
 * <p>Logs in {@code logDir}: {@code qemu.cmd}, {@code qemu.out} (raw serial), {@code qemu.err},
 * {@code console.log} (serial with host timestamps), {@code job.sh}.
 */
public final class QemuGuest implements AutoCloseable {
  /** 9p options: 512000 is the largest msize 9pnet_virtio allows (125 pages of 4 KiB). */
  static final int MSIZE = 512000;

  /** Where the guest sees the boot share's copy of a {@link GuestConfig#bootFiles} entry. */
  public static String bootPath(String name) {
    return BootDir.GUEST_PATH + "/" + name;
  }

  private static final Pattern DONE = Pattern.compile("VIRTPATH-GUEST-DONE rc=(\\d+)");
  private static final Pattern DRIVER = Pattern.compile("\\bdriver=(\\S+)");

  enum Mode {
    RUN,
    /** Print a marker as soon as /init runs and power off: the accelerator probe. */
    PROBE
  }

  private final GuestConfig config;
  private final List<String> commandLine;
  private final Vhost.Decision vhost;
  private final long startNanos;
  private final ChildProcess qemu;
  private final ConsoleLog console;
  private final Consumer<String> phases;
  private final QemuUser user;
  private final int[] resultsOwner;
  private final GuestExports exports;
  private GuestResult result;

  private QemuGuest(
      GuestConfig config,
      List<String> commandLine,
      Vhost.Decision vhost,
      long startNanos,
      ChildProcess qemu,
      ConsoleLog console,
      Consumer<String> phases,
      QemuUser user,
      int[] resultsOwner,
      GuestExports exports) {
    this.config = config;
    this.commandLine = commandLine;
    this.vhost = vhost;
    this.startNanos = startNanos;
    this.qemu = qemu;
    this.console = console;
    this.phases = phases;
    this.user = user;
    this.resultsOwner = resultsOwner;
    this.exports = exports;
  }

  public static QemuGuest boot(GuestConfig config, GuestImage image) throws IOException {
    return boot(config, image, phase -> {});
  }

  /**
   * Starts the guest. {@code phases} hears "booting", "guest up" (its /init runs), "running" (the
   * job started), "powering off", or "failed: ..." (a guest-side setup step failed).
   */
  public static QemuGuest boot(GuestConfig config, GuestImage image, Consumer<String> phases)
      throws IOException {
    return boot(config, image, phases, Mode.RUN);
  }

  static QemuGuest boot(GuestConfig config, GuestImage image, Consumer<String> phases, Mode mode)
      throws IOException {
    Files.createDirectories(config.logDir());
    if (mode == Mode.RUN && config.command().isEmpty()) {
      throw new IllegalArgumentException("guest " + config.name() + " has no command to run");
    }
    if (config.resultsShare() != null && !Files.isDirectory(config.resultsShare())) {
      throw new IOException("results share " + config.resultsShare() + " is not a directory");
    }
    if (config.diskImage() != null && !Files.isRegularFile(config.diskImage())) {
      throw new IOException("disk image " + config.diskImage() + " does not exist");
    }
    // config.vhost() asks for it; the host decides whether there is one (probed only if asked).
    Vhost.Decision vh =
        Vhost.decide(config.nic(), config.vhost() ? VhostMode.AUTO : VhostMode.OFF, Vhost::check);
    boolean vhostActive = vh.active();
    QemuUser user = QemuUser.forThisProcess();
    GuestExports exports = null;
    if (mode == Mode.RUN) {
      if (config.bootDir() == null) {
        throw new IllegalArgumentException("guest " + config.name() + " has no boot directory");
      }
      exports = GuestExports.of(config.readOnly());
      String job = jobScript(config);
      Files.writeString(config.logDir().resolve(BootDir.JOB), job, StandardCharsets.UTF_8);
      BootDir.write(config.bootDir(), job, exports, config.bootFiles());
      if (user != null) {
        // /usr, /bin ... are the system's own; what the job adds may be private (a JDK under
        // /root unpacked 0700): say so now, not as a missing file in the guest.
        for (GuestExports.Export e : exports.extras()) {
          user.requireReadable(e.host(), 2, "directory");
        }
        user.requireReadable(config.bootDir(), 2, "boot directory");
      }
    }
    int[] resultsOwner =
        user != null && config.resultsShare() != null ? user.own(config.resultsShare()) : null;
    List<String> cmd;
    ChildProcess qemu;
    long start;
    try {
      cmd =
          commandLine(
              config, image.kernel(), image.initramfs(), mode, vhostActive, exports, user,
              user == null ? null : QemuVersion.installed());
      phases.accept("booting");
      start = System.nanoTime();
      qemu = ChildProcess.start("qemu", cmd, config.logDir(), Duration.ofSeconds(3));
    } catch (IOException | RuntimeException e) {
      if (resultsOwner != null) {
        QemuUser.restore(config.resultsShare(), resultsOwner);
      }
      throw e;
    }
    ConsoleLog console =
        new ConsoleLog(qemu.stdoutFile(), config.logDir().resolve("console.log"), start, phases);
    return new QemuGuest(
        config, cmd, vh, start, qemu, console, phases, user, resultsOwner, exports);
  }

  /** The exact command that started QEMU (for the lab manifest). */
  public List<String> commandLine() {
    return commandLine;
  }

  /** Whether the NIC runs with vhost=on. */
  public boolean vhostActive() {
    return vhost.active();
  }

  /** The NIC's vhost state and why (on, off, unavailable, not applicable); never null. */
  public Vhost.Decision vhost() {
    return vhost;
  }

  /**
   * Connects to the guest's control channel ({@link GuestConfig#agentSocket}), waiting at most
   * {@code limit} for QEMU to listen; whether the guest's agent is there is its first message.
   */
  public GuestAgentChannel connectAgent(Duration limit) throws IOException, InterruptedException {
    if (config.agentSocket() == null) {
      throw new IllegalStateException("guest " + config.name() + " has no agent socket");
    }
    return GuestAgentChannel.connect(config.agentSocket(), limit, () -> qemu.isAlive());
  }

  /** QEMU's own pid: {@code ip netns exec} and the user drop both exec, so the child is QEMU itself. */
  public long pid() {
    return qemu.pid();
  }

  /**
   * Hands every console line carrying a guest's {@code VIRTPATH-ITER} mark to {@code listener},
   * on the console thread, as soon as the line is read ({@link HostCounters#onLine}).
   */
  public void onIterationMark(Consumer<String> listener) {
    console.onIterationMark(listener);
  }

  /** The user QEMU runs as once its devices are open, for the lab record. */
  public String runsAs() {
    return user == null
        ? ProcessHandle.current().info().user().orElse("?") + " (not root: no drop)"
        : user.describe();
  }

  /** QEMU's -sandbox value (its seccomp filter), for the lab record. */
  public String sandbox() {
    return sandbox(user != null);
  }

  /** The read-only 9p exports as "host → guest" (boot and results shares not included). */
  public List<String> exports() {
    return exports == null
        ? List.of()
        : exports.exports().stream().map(e -> e.host() + " -> " + e.guestPath()).toList();
  }

  /**
   * Waits for QEMU to exit or the config's timeout to pass (then kills it). A guest that printed
   * its done marker but does not power off within 10 s is killed too, with its result intact.
   * Idempotent.
   *
   * @throws InterruptedException after killing QEMU, so an interrupted lab leaves nothing behind
   */
  public GuestResult await() throws InterruptedException {
    // Stop at the done marker too: should the guest's poweroff hang, the result is still there.
    return await(config.timeout(), "VIRTPATH-GUEST-DONE");
  }

  /**
   * Waits until QEMU exits, {@code limit} (from QEMU's start) passes, or, when {@code
   * untilMarker} is set, that marker appears. The first call that finishes builds the result;
   * later calls return it.
   */
  synchronized GuestResult await(Duration limit, String untilMarker) throws InterruptedException {
    if (result != null) {
      return result;
    }
    long deadline = startNanos + limit.toNanos();
    Integer qemuExit = null;
    boolean timedOut = false;
    double total;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          timedOut = true;
          break;
        }
        try {
          qemuExit = qemu.waitFor(Duration.ofNanos(Math.min(left, 100_000_000L)));
          break;
        } catch (TimeoutException e) {
          if (untilMarker != null && console.seconds(untilMarker) >= 0) {
            break;
          }
        }
      }
      if (!timedOut && qemuExit == null) {
        // The marker came: the guest powers off by itself right after it; give it a moment.
        try {
          qemuExit = qemu.waitFor(Duration.ofSeconds(10));
        } catch (TimeoutException e) {
          // still running: closed below
        }
      }
      total = (System.nanoTime() - startNanos) / 1e9;
    } catch (InterruptedException e) {
      close();
      throw e;
    }
    if (qemuExit == null) {
      qemu.close(); // SIGTERM, then SIGKILL after the grace period
    }
    try {
      console.close();
    } catch (IOException e) {
      phases.accept("console log incomplete: " + e.getMessage());
    }
    String restoreFailure = restoreResults();
    removeAgentSocket();
    result = buildResult(qemuExit, timedOut, total, limit, restoreFailure);
    return result;
  }

  /** Gives the results share back to its owner once QEMU is gone; null, or why it failed. */
  private synchronized String restoreResults() {
    if (resultsOwner == null || resultsRestored) {
      return null;
    }
    resultsRestored = true;
    try {
      QemuUser.restore(config.resultsShare(), resultsOwner);
      return null;
    } catch (IOException e) {
      return "could not give the results share back to uid " + resultsOwner[0] + ": " + e;
    }
  }

  private boolean resultsRestored;

  private GuestResult buildResult(
      Integer qemuExit, boolean timedOut, double total, Duration limit, String restoreFailure) {
    String doneLine = console.line("VIRTPATH-GUEST-DONE");
    int rc = -1;
    if (doneLine != null) {
      Matcher m = DONE.matcher(doneLine);
      if (m.find()) {
        rc = Integer.parseInt(m.group(1));
      }
    }
    String failure = null;
    String guestFail = console.line("VIRTPATH-GUEST-FAIL");
    if (timedOut) {
      failure =
          "timed out after " + limit.toSeconds() + " s (killed); last console lines: "
              + console.lastLines(4);
    } else if (guestFail != null) {
      failure = "guest setup failed: " + guestFail.substring("VIRTPATH-GUEST-FAIL ".length());
    } else if (rc < 0 && qemuExit != null) {
      String err = stderrTail(3);
      failure =
          "no VIRTPATH-GUEST-DONE marker: qemu exited with " + qemuExit
              + (err.isEmpty() ? "" : ": " + err)
              + "; last console lines: " + console.lastLines(3);
    } else if (restoreFailure != null) {
      failure = restoreFailure;
    }
    return new GuestResult(
        rc,
        timedOut,
        console.seconds("VIRTPATH-JOB-START"),
        total,
        console.file(),
        failure,
        driver(console.line("VIRTPATH-DISK")),
        driver(console.line("VIRTPATH-NIC")));
  }

  private static String driver(String markerLine) {
    if (markerLine == null) {
      return null;
    }
    Matcher m = DRIVER.matcher(markerLine);
    return m.find() ? m.group(1) : null;
  }

  /** QEMU's last stderr lines on one line. */
  String stderrTail(int n) {
    return qemu.stderrTail(n).strip().replace('\n', ' ');
  }

  ConsoleLog console() {
    return console;
  }

  /**
   * TCG runs all vCPUs in one host thread: with multi-threaded TCG (QEMU 7.2), guest JVMs crashed
   * with SIGSEGV in JIT-compiled code in about one fork in ten (code the JIT patches while another
   * vCPU runs it), which would lose benchmarks at random. One thread costs guest throughput, not
   * correctness; TCG numbers are not KVM numbers either way.
   */
  static String accelArg(String accel) {
    return accel.equals("tcg") ? "tcg,thread=single" : accel;
  }

  /** Kills QEMU if it still runs and completes the console log. */
  @Override
  public void close() {
    qemu.close();
    try {
      console.close();
    } catch (IOException e) {
      phases.accept("console log incomplete: " + e.getMessage());
    }
    String failed = restoreResults();
    if (failed != null) {
      phases.accept(failed);
    }
    removeAgentSocket();
  }

  /**
   * QEMU unlinks its socket on exit only if it still may: after dropping to nobody it cannot in the
   * lab's root-owned runtime directory. Called once QEMU is gone.
   */
  private void removeAgentSocket() {
    if (config.agentSocket() == null) {
      return;
    }
    try {
      Files.deleteIfExists(config.agentSocket());
    } catch (IOException e) {
      phases.accept("could not remove the agent socket " + config.agentSocket() + ": " + e.getMessage());
    }
  }

  /**
   * QEMU's seccomp filter. elevateprivileges=deny would also forbid the setuid/setgid of -runas:
   * QEMU installs the filter while it parses its options, long before it drops root (7.2 dies with
   * "Bad system call"; LXD and Red Hat's QEMU tests use allow with -runas for that reason). After
   * the drop QEMU has no capabilities, and spawn=deny forbids execve, so no setuid binary can be
   * run either; without a drop, deny.
   */
  static String sandbox(boolean dropsPrivileges) {
    return "on,obsolete=deny,elevateprivileges=" + (dropsPrivileges ? "allow" : "deny")
        + ",spawn=deny,resourcecontrol=deny";
  }

  /**
   * @param exports the read-only exports (null in probe mode, which mounts nothing)
   * @param user the user QEMU drops to, or null for no drop; then {@code version} may be null
   */
  static List<String> commandLine(
      GuestConfig c,
      Path kernel,
      Path initrd,
      Mode mode,
      boolean vhostActive,
      GuestExports exports,
      QemuUser user,
      QemuVersion version)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    if (c.netns() != null) {
      cmd.addAll(List.of(QemuArgs.tool("ip", "iproute2"), "netns", "exec", c.netns()));
    }
    cmd.add(QemuArgs.tool("qemu-system-x86_64", "qemu-system-x86"));
    // "pc" (i440FX) because its PIIX IDE is the classic fully emulated disk; q35 has none.
    // debug-threads=on: QEMU names its threads ("CPU 0/TCG", "IO iothread0", "worker"), which is
    // how the host counters tell vCPU time from the main loop's and the thread pool's.
    cmd.addAll(List.of("-name", c.name() + ",debug-threads=on", "-machine", "pc", "-accel", accelArg(c.accel())));
    if (c.cpu() != null) {
      // Under KVM: the host's CPU features, as the host target's JVM sees them (less any the probe
      // found this KVM cannot pass through).
      cmd.addAll(List.of("-cpu", c.cpu()));
    }
    cmd.addAll(List.of("-m", Integer.toString(c.memoryMiB()), "-smp", Integer.toString(c.vcpus())));
    // -nodefaults: no default NIC, VGA or CD-ROM that would add devices and boot noise.
    cmd.addAll(
        List.of("-nodefaults", "-nographic", "-no-reboot", "-serial", "stdio", "-monitor", "none"));
    cmd.addAll(
        List.of(
            "-kernel", kernel.toString(), "-initrd", initrd.toString()));
    cmd.addAll(List.of("-sandbox", sandbox(user != null)));
    if (user != null) {
      cmd.addAll(version.runAs(user.name()));
    }
    if (mode == Mode.RUN) {
      for (GuestExports.Export e : exports.exports()) {
        cmd.addAll(share(e.tag(), e.host(), true));
      }
      cmd.addAll(share("vpboot", c.bootDir(), true));
    }
    if (c.resultsShare() != null) {
      cmd.addAll(share("vpresults", c.resultsShare(), false));
    }
    if (c.disk() != null) {
      cmd.addAll(c.disk().qemuArgs(c.diskImage(), c.cache(), c.aio()));
    }
    if (c.nic() != null) {
      cmd.addAll(
          List.of(
              "-netdev",
              "tap,id=n0,ifname=" + QemuArgs.escape(c.tapName()) + ",script=no,downscript=no"
                  + (vhostActive ? ",vhost=on" : ""),
              // romfile= (empty): no iPXE option ROM, nothing to load or run at boot.
              "-device", c.nic().qemuDevice() + ",netdev=n0,mac=" + c.mac() + ",romfile="));
    } else {
      cmd.addAll(List.of("-nic", "none"));
    }
    if (c.agentSocket() != null) {
      cmd.addAll(agentChannel(c.agentSocket()));
    }
    List<String> append =
        new ArrayList<>(
            List.of(
                "console=ttyS0", "panic=-1", "quiet", "loglevel=4",
                "vp.mode=" + mode.name().toLowerCase(),
                "vp.name=" + c.name(),
                "vp.disk=" + (c.disk() == null ? "none" : c.disk().specName()),
                "vp.nic=" + (c.nic() == null ? "none" : c.nic().specName()),
                "vp.results=" + (c.resultsShare() == null ? 0 : 1),
                "vp.agent=" + (c.agentSocket() == null ? 0 : 1),
                "vp.msize=" + MSIZE,
                "vp.cache=loose"));
    if (c.nic() != null) {
      append.add("vp.ip=" + c.guestCidr());
      if (c.peerIp() != null) {
        append.add("vp.peer=" + c.peerIp());
      }
    }
    // No host path goes here: the guest finds its job and mount table in the boot share.
    cmd.addAll(List.of("-append", String.join(" ", append)));
    return List.copyOf(cmd);
  }

  /**
   * The agent's control channel: a virtio-serial port whose host end is a Unix socket QEMU listens
   * on. Virtio-serial on every guest, the emulated one too: the channel is not what a target
   * measures, and a virtio port costs nothing while no byte moves (the agent says nothing while it
   * measures a block). server=on: the controller connects when it wants, and may reconnect;
   * wait=off: QEMU boots without waiting for it (the guest's first write waits instead).
   */
  static List<String> agentChannel(Path socket) {
    return List.of(
        "-device", "virtio-serial-pci,id=vser0",
        "-chardev", "socket,id=agent,path=" + QemuArgs.escape(socket.toString()) + ",server=on,wait=off",
        "-device", "virtserialport,bus=vser0.0,chardev=agent,name=" + GuestConfig.AGENT_PORT);
  }

  /**
   * A 9p export. security_model=none: files are served with QEMU's own rights (nobody's after the
   * drop). multidevs=remap: an export may span filesystems whose inode numbers would collide.
   */
  private static List<String> share(String tag, Path host, boolean readOnly) {
    return List.of(
        "-fsdev",
        "local,id=fs-" + tag + ",path=" + QemuArgs.escape(host.toString())
            + ",security_model=none" + (readOnly ? ",readonly=on" : "") + ",multidevs=remap",
        "-device", "virtio-9p-pci,fsdev=fs-" + tag + ",mount_tag=" + tag);
  }

  /** The guest command as a POSIX sh script: cwd /, a root login's PATH, then the config's env. */
  static String jobScript(GuestConfig c) {
    StringBuilder s = new StringBuilder();
    s.append("# virtpath guest job for ").append(c.name()).append(" (run by stage2 as root)\n");
    s.append("cd / || exit 125\n");
    Map<String, String> base =
        Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME", "/root",
            "TERM", "dumb");
    for (String k : List.of("PATH", "HOME", "TERM")) {
      if (!c.env().containsKey(k)) {
        s.append("export ").append(k).append('=').append(Shell.quote(List.of(base.get(k)))).append('\n');
      }
    }
    c.env().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                s.append("export ")
                    .append(e.getKey())
                    .append('=')
                    .append(sq(e.getValue()))
                    .append('\n'));
    s.append("exec ").append(Shell.quote(c.command())).append('\n');
    return s.toString();
  }

  /** Single-quoted for sh, always (an empty value must stay an argument). */
  private static String sq(String v) {
    return "'" + v.replace("'", "'\\''") + "'";
  }
}
