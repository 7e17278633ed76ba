package io.virtpath.lab.guest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One QEMU guest of the lab. {@code disk}/{@code diskImage} and {@code nic} (with netns, tapName,
 * guestCidr, mac) may be null for a guest without them; {@code resultsShare} may be null.
 *
 * <p>What the guest sees of the host: the system directories (see {@link GuestExports}), the
 * {@code readOnly} directories at their own paths (a JDK outside /usr), and {@code bootDir}, which
 * virtpath writes before boot (job script, {@code bootFiles} copied under their names, a minimal
 * /etc) and the guest mounts at {@code /.vp/boot}. bootDir may be null only for a guest that runs
 * no job (the accelerator probe).
 *
 * <p>The environment always carries {@code JAVA_TOOL_OPTIONS=-Dvirtpath.accel=ACCEL}: every JVM
 * in the guest picks it up, so the fingerprint records the accelerator (TCG numbers are not KVM
 * numbers) without the lab editing the guest command.
 *
 * <p>{@code cpu} is QEMU's {@code -cpu} under KVM: {@code host} unless the KVM probe found that
 * only another model boots ({@link KvmProbe#CPU_MODELS}); under TCG it must be null (QEMU's default
 * model: TCG cannot offer the host's CPU).
 *
 * <p>{@code agentSocket}, when set, gives the guest a control channel: a virtio-serial port named
 * {@link #AGENT_PORT} whose host end is a listening Unix socket at that path ({@link
 * GuestAgentChannel}). It belongs in the lab's private runtime directory, never in a results
 * folder: whoever can connect to it commands the guest's agent.
 */
public record GuestConfig(
    String name,
    DiskModel disk,
    NicModel nic,
    boolean vhost,
    String cache,
    String aio,
    int vcpus,
    int memoryMiB,
    String accel,
    String cpu,
    Path diskImage,
    Path resultsShare,
    String netns,
    String tapName,
    String guestCidr,
    String mac,
    String peerIp,
    List<String> command,
    Map<String, String> env,
    Duration timeout,
    Path logDir,
    Path bootDir,
    List<Path> readOnly,
    Map<String, Path> bootFiles,
    Path agentSocket) {

  public static final Set<String> CACHE_MODES = Set.copyOf(CacheMode.specNames());
  public static final Set<String> AIO_MODES = Set.copyOf(AioMode.specNames());
  public static final Set<String> ACCELS = Set.of("kvm", "tcg");
  /** The control channel's port name; stage2 links it as /dev/virtio-ports/NAME, as udev would. */
  public static final String AGENT_PORT = "virtpath.agent";
  /** Where a guest's agent opens its channel ({@code virtpath agent --channel}). */
  public static final String AGENT_DEVICE = "/dev/virtio-ports/" + AGENT_PORT;
  /** sun_path holds 108 bytes with its NUL: a longer socket path cannot be bound. */
  static final int MAX_SOCKET_PATH = 107;

  public GuestConfig {
    Objects.requireNonNull(name, "name");
    // The name becomes the guest's hostname and a kernel command line word.
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,62}")) {
      throw new IllegalArgumentException(
          "guest name '" + name + "' must be a hostname: letters, digits and '-', at most 63");
    }
    require(CACHE_MODES, cache, "cache");
    require(AIO_MODES, aio, "aio");
    require(ACCELS, accel, "accel");
    if (accel.equals("kvm")) {
      cpu = cpu == null ? "host" : cpu;
      // a model and its +/- features; anything else would be read by QEMU as further options
      if (!cpu.matches("[A-Za-z0-9_.-]+(,[+-]?[A-Za-z0-9_.=-]+)*")) {
        throw new IllegalArgumentException("cpu '" + cpu + "' is not a QEMU CPU model like host,-arch-capabilities");
      }
    } else if (cpu != null) {
      throw new IllegalArgumentException("cpu '" + cpu + "' is for KVM; under " + accel + " QEMU picks the model");
    }
    // QEMU refuses aio=native without O_DIRECT; say so before starting it.
    if (aio.equals("native") && !(cache.equals("none") || cache.equals("directsync"))) {
      throw new IllegalArgumentException(
          "aio=native needs cache=none or cache=directsync (O_DIRECT), not cache=" + cache);
    }
    if (vcpus < 1 || memoryMiB < 256) {
      throw new IllegalArgumentException(
          "vcpus must be >= 1 and memoryMiB >= 256, got " + vcpus + " and " + memoryMiB);
    }
    if ((disk == null) != (diskImage == null)) {
      throw new IllegalArgumentException("disk model and disk image go together (" + name + ")");
    }
    if (nic != null) {
      for (var f : new Object[][] {{"netns", netns}, {"tapName", tapName}, {"guestCidr", guestCidr},
          {"mac", mac}}) {
        if (f[1] == null) {
          throw new IllegalArgumentException("a guest with a NIC needs " + f[0] + " (" + name + ")");
        }
      }
      if (!guestCidr.matches("[0-9.]+/[0-9]+")) {
        throw new IllegalArgumentException("guestCidr '" + guestCidr + "' is not like 10.77.0.3/24");
      }
    }
    Objects.requireNonNull(logDir, "logDir");
    logDir = logDir.toAbsolutePath();
    bootDir = bootDir == null ? null : bootDir.toAbsolutePath();
    readOnly = readOnly == null ? List.of() : readOnly.stream().map(Path::toAbsolutePath).toList();
    bootFiles = Map.copyOf(bootFiles == null ? Map.of() : bootFiles);
    for (String f : bootFiles.keySet()) {
      // plain names in the boot share, beside the job script, the mount table and etc/
      if (!f.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || List.of(BootDir.JOB, BootDir.MOUNTS, "etc").contains(f)) {
        throw new IllegalArgumentException("boot file name '" + f + "' is not a plain file name or is reserved");
      }
    }
    Objects.requireNonNull(timeout, "timeout");
    command = List.copyOf(Objects.requireNonNull(command, "command"));
    Map<String, String> e = new LinkedHashMap<>(env == null ? Map.of() : env);
    String accelProp = "-Dvirtpath.accel=" + accel;
    String jto = e.get("JAVA_TOOL_OPTIONS");
    if (jto == null || jto.isBlank()) {
      e.put("JAVA_TOOL_OPTIONS", accelProp);
    } else if (!jto.contains("-Dvirtpath.accel=")) {
      e.put("JAVA_TOOL_OPTIONS", jto + " " + accelProp);
    }
    for (String k : e.keySet()) {
      if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("environment variable name '" + k + "' is not valid");
      }
    }
    env = Map.copyOf(e);
    diskImage = diskImage == null ? null : diskImage.toAbsolutePath();
    resultsShare = resultsShare == null ? null : resultsShare.toAbsolutePath();
    agentSocket = agentSocket == null ? null : agentSocket.toAbsolutePath();
    if (agentSocket != null && agentSocket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        > MAX_SOCKET_PATH) {
      throw new IllegalArgumentException("agent socket path " + agentSocket + " is longer than a Unix socket's "
          + MAX_SOCKET_PATH + " bytes");
    }
  }

  private static void require(Set<String> allowed, String value, String field) {
    if (value == null || !allowed.contains(value)) {
      throw new IllegalArgumentException(
          field + " '" + value + "' is not one of " + allowed.stream().sorted().toList());
    }
  }

  /** A builder with the lab's defaults: 2 vCPUs, 2 GiB, cache=none, aio=threads, TCG, 30 min. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Fluent construction; the record validates in {@link #build}. */
  public static final class Builder {
    private final String name;
    private DiskModel disk;
    private Path diskImage;
    private NicModel nic;
    private boolean vhost;
    private String cache = "none";
    private String aio = "threads";
    private int vcpus = 2;
    private int memoryMiB = 2048;
    private String accel = "tcg";
    private String cpu;
    private Path resultsShare;
    private String netns;
    private String tapName;
    private String guestCidr;
    private String mac = "52:54:00:12:34:56";
    private String peerIp;
    private List<String> command = List.of();
    private Map<String, String> env = Map.of();
    private Duration timeout = Duration.ofMinutes(30);
    private Path logDir;
    private Path bootDir;
    private List<Path> readOnly = List.of();
    private final Map<String, Path> bootFiles = new LinkedHashMap<>();
    private Path agentSocket;

    private Builder(String name) {
      this.name = name;
    }

    public Builder disk(DiskModel model, Path image) {
      this.disk = model;
      this.diskImage = image;
      return this;
    }

    public Builder nic(NicModel model, String netns, String tapName, String guestCidr, String peerIp) {
      this.nic = model;
      this.netns = netns;
      this.tapName = tapName;
      this.guestCidr = guestCidr;
      this.peerIp = peerIp;
      return this;
    }

    public Builder mac(String mac) {
      this.mac = mac;
      return this;
    }

    public Builder vhost(boolean vhost) {
      this.vhost = vhost;
      return this;
    }

    public Builder cache(String cache) {
      this.cache = cache;
      return this;
    }

    public Builder aio(String aio) {
      this.aio = aio;
      return this;
    }

    public Builder vcpus(int vcpus) {
      this.vcpus = vcpus;
      return this;
    }

    public Builder memoryMiB(int memoryMiB) {
      this.memoryMiB = memoryMiB;
      return this;
    }

    public Builder accel(String accel) {
      this.accel = accel;
      return this;
    }

    /** QEMU's -cpu under KVM; null for {@code host}. */
    public Builder cpu(String cpu) {
      this.cpu = cpu;
      return this;
    }

    public Builder resultsShare(Path dir) {
      this.resultsShare = dir;
      return this;
    }

    public Builder command(List<String> command) {
      this.command = command;
      return this;
    }

    public Builder env(Map<String, String> env) {
      this.env = env;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder logDir(Path logDir) {
      this.logDir = logDir;
      return this;
    }

    public Builder bootDir(Path bootDir) {
      this.bootDir = bootDir;
      return this;
    }

    /** Directories the job needs read-only at their own paths (e.g. a JDK outside /usr). */
    public Builder readOnly(List<Path> dirs) {
      this.readOnly = dirs;
      return this;
    }

    /** Copies {@code file} into the boot share, where the guest sees it as /.vp/boot/NAME. */
    public Builder bootFile(String name, Path file) {
      this.bootFiles.put(name, file);
      return this;
    }

    /** A control channel whose host end listens at {@code socket} (in the lab's runtime directory). */
    public Builder agentSocket(Path socket) {
      this.agentSocket = socket;
      return this;
    }

    public GuestConfig build() {
      return new GuestConfig(name, disk, nic, vhost, cache, aio, vcpus, memoryMiB, accel, cpu,
          diskImage, resultsShare, netns, tapName, guestCidr, mac, peerIp, command, env, timeout,
          logDir, bootDir, readOnly, bootFiles, agentSocket);
    }
  }
}
