package io.virtpath.lab.target;

import io.virtpath.lab.guest.DiskImage;
import io.virtpath.lab.guest.DiskModel;
import io.virtpath.lab.guest.GuestConfig;
import io.virtpath.lab.guest.GuestImage;
import io.virtpath.lab.guest.GuestResult;
import io.virtpath.lab.guest.HostCounters;
import io.virtpath.lab.guest.Vhost;
import io.virtpath.lab.guest.NicModel;
import io.virtpath.lab.guest.QemuGuest;
import io.virtpath.lab.net.TapEndpoint;
import io.virtpath.lab.proc.LogTailer;
import io.virtpath.lab.spec.TargetSpec;
import io.virtpath.core.FileTrees;
import io.virtpath.lab.InnerRun;
import io.virtpath.runner.counters.IterationMarks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The suites in a QEMU guest: the host's system directories and the JDK shared read-only over
 * virtio-9p, the jar copied into the guest's read-only boot share (so the user's checkout is not
 * exported), the target's staging directory the one writable share, the disk under test a
 * separate raw ext4 image (same size for every guest) on the emulated or paravirtual controller the
 * spec names, the NIC likewise, on a tap in the lab's namespace.
 */
public final class GuestTarget implements LabTarget {
  /** Room beside the test file: the disk suite wants 64 MiB of headroom, ext4 its metadata. */
  static final long IMAGE_HEADROOM = 256L << 20;
  /** The jar's name in the guest's boot share. */
  static final String JAR = "virtpath.jar";
  /** The guest's serial console, which QEMU writes to qemu.out. */
  static final String SERIAL = "/dev/ttyS0";

  private final TargetSpec spec;
  private final GuestImage image;
  private final String accel;
  private final String cpu;
  private final long testFileBytes;

  /** @param cpu QEMU's -cpu under KVM, as the KVM probe booted it; null under TCG */
  public GuestTarget(TargetSpec spec, GuestImage image, String accel, String cpu, long testFileBytes) {
    this.spec = spec;
    this.image = image;
    this.accel = accel;
    this.cpu = cpu;
    this.testFileBytes = testFileBytes;
  }

  @Override
  public TargetSpec spec() {
    return spec;
  }

  @Override
  public TargetRun run(TargetContext ctx) throws IOException, InterruptedException {
    DiskModel diskModel = DiskModel.fromSpec(spec.disk());
    NicModel nicModel = NicModel.fromSpec(spec.nic());
    // First line of the target: what it will measure, before anything is set up for it.
    GuestDevices devices = new GuestDevices(diskModel, nicModel, Vhost.decide(nicModel, spec.vhostMode(), Vhost::check));
    ctx.phase().accept(devices.atStart());
    boolean vhost = devices.vhost().active();
    TapEndpoint tap = ctx.network().addTap(ctx.label());
    Path disk = ctx.workDir().resolve("disk.img");
    ctx.phase().accept("formatting a " + ((testFileBytes + IMAGE_HEADROOM) >> 20) + " MiB ext4 disk image");
    DiskImage.create(disk, testFileBytes + IMAGE_HEADROOM);
    InnerRun inner = ctx.inner();
    // The guest runs the copy of the jar in its boot share, and the JDK at its host path (both the
    // path it was named by and the one that link leads to, which a guest without the host's
    // symlinks outside /usr would not find).
    Path javaBin = inner.java().toAbsolutePath();
    List<Path> jdk = new ArrayList<>(List.of(javaBin.getParent().getParent()));
    if (Files.exists(javaBin)) {
      jdk.add(javaBin.toRealPath().getParent().getParent());
    }
    InnerRun inGuest = new InnerRun(javaBin, Path.of(QemuGuest.bootPath(JAR)), inner.command(), inner.args());
    // a guest name is a hostname: a later round's label (virtio.r2) becomes virtio-r2
    GuestConfig cfg = new GuestConfig(
        ctx.label().replace('.', '-'), diskModel, nicModel, vhost, spec.cache(), spec.aio(), ctx.vcpus(), ctx.memoryMiB(), accel,
        cpu, disk, ctx.staging(), tap.netns(), tap.tap(), tap.guestCidr(), tap.mac(), ctx.network().peerIp(),
        inGuest.command(ctx.label(), "/results", "/scratch"),
        // the counters profiler marks each measured iteration on the serial console, where the host
        // reads it and snapshots QEMU's threads (HostCounters)
        Map.of(IterationMarks.ENV, SERIAL),
        ctx.timeout(), ctx.logDir(), ctx.workDir().resolve("boot"), List.copyOf(new LinkedHashSet<>(jdk)),
        // no control channel yet: the lab's guests run 'run' until the scheduler drives their agents
        Map.of(JAR, inner.jar()), null);
    ctx.phase().accept("booting (" + accel.toUpperCase(Locale.ROOT) + ", " + spec.disk() + " + " + spec.nic()
        + (vhost ? " vhost" : "") + ")");
    QemuGuest guest = ctx.resources().add(QemuGuest.boot(cfg, image, p -> ctx.phase().accept("guest: " + p)));
    HostCounters counters = HostCounters.of(ctx.label(), guest.pid(), accel, vhost);
    guest.onIterationMark(counters::onLine);
    try (LogTailer tail = LogTailer.follow(ctx.logDir().resolve("console.log"), Progress.INNER_LINES,
        line -> ctx.phase().accept(Progress.withoutTimestamp(line)))) {
      GuestResult r = guest.await();
      ctx.phase().accept(devices.atEnd(r.diskDriver(), r.nicDriver()));
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("accelerator", accel);
      details.put("disk", spec.disk());
      details.put("expectedDiskDriver", diskModel.expectedDriver());
      details.put("guestDiskDriver", r.diskDriver());
      details.put("nic", spec.nic());
      details.put("expectedNicDriver", nicModel.expectedDriver());
      details.put("guestNicDriver", r.nicDriver());
      // never null: a virtio guest without vhost measured another network path, and says why
      details.put("vhost", devices.vhost().state().label());
      details.put("vhostDetail", devices.vhost().reason());
      details.put("cache", spec.cache());
      details.put("aio", spec.aio());
      details.put("vcpus", ctx.vcpus());
      details.put("memoryMiB", ctx.memoryMiB());
      details.put("diskImageBytes", testFileBytes + IMAGE_HEADROOM);
      details.put("tap", tap.tap());
      details.put("address", tap.guestCidr());
      details.put("consoleLog", "logs/" + r.consoleLog().getFileName());
      details.put("qemuUser", guest.runsAs());
      details.put("qemuSandbox", guest.sandbox());
      details.put("readOnlyExports", guest.exports());
      return new TargetRun(r.exitCode() < 0 ? null : r.exitCode(), r.timedOut(), r.failure(), r.totalSeconds(),
          r.bootSeconds() < 0 ? null : r.bootSeconds(), guest.commandLine(), details,
          counters.document(whyNoMarks(inGuest, r)));
    } finally {
      ctx.resources().release(guest);
      Files.deleteIfExists(disk);
      FileTrees.delete(ctx.workDir().resolve("boot"));
    }
  }

  /** The note of a host-counters.json without benchmarks. */
  static String whyNoMarks(InnerRun inGuest, GuestResult r) {
    if (inGuest.args().contains("--no-counters")) {
      return "the guest ran without the counters profiler (--no-counters)";
    }
    if (!inGuest.command().equals("run")) {
      return "the guest ran '" + inGuest.command() + "', which has no counters profiler";
    }
    return "the guest wrote no iteration marks" + (r.failure() == null ? "" : ": " + r.failure());
  }
}
