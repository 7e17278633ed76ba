package io.virtpath.lab.target;

import io.virtpath.lab.guest.DiskImage;
import io.virtpath.lab.guest.DiskModel;
import io.virtpath.lab.guest.GuestConfig;
import io.virtpath.lab.guest.GuestImage;
import io.virtpath.lab.guest.GuestResult;
import io.virtpath.lab.guest.Vhost;
import io.virtpath.lab.guest.NicModel;
import io.virtpath.lab.guest.QemuGuest;
import io.virtpath.lab.net.TapEndpoint;
import io.virtpath.lab.proc.LogTailer;
import io.virtpath.lab.spec.TargetSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The suites in a QEMU guest: the host root shared read-only over virtio-9p, the disk under test a
 * separate raw ext4 image (same size for every guest) on the emulated or paravirtual controller the
 * spec names, the NIC likewise, on a tap in the lab's namespace.
 */
public final class GuestTarget implements LabTarget {
  /** Room beside the test file: the disk suite wants 64 MiB of headroom, ext4 its metadata. */
  static final long IMAGE_HEADROOM = 256L << 20;

  private final TargetSpec spec;
  private final GuestImage image;
  private final String accel;
  private final long testFileBytes;

  public GuestTarget(TargetSpec spec, GuestImage image, String accel, long testFileBytes) {
    this.spec = spec;
    this.image = image;
    this.accel = accel;
    this.testFileBytes = testFileBytes;
  }

  @Override
  public TargetSpec spec() {
    return spec;
  }

  @Override
  public TargetRun run(TargetContext ctx) throws IOException, InterruptedException {
    TapEndpoint tap = ctx.network().addTap(ctx.label());
    Path disk = ctx.workDir().resolve("disk.img");
    ctx.phase().accept("formatting a " + ((testFileBytes + IMAGE_HEADROOM) >> 20) + " MiB ext4 disk image");
    DiskImage.create(disk, testFileBytes + IMAGE_HEADROOM);
    DiskModel diskModel = DiskModel.fromSpec(spec.disk());
    NicModel nicModel = NicModel.fromSpec(spec.nic());
    boolean vhost = switch (spec.vhost()) {
      case "on" -> true;
      case "auto" -> nicModel == NicModel.VIRTIO_NET && Vhost.check().usable();
      default -> false;
    };
    GuestConfig cfg = new GuestConfig(
        ctx.label(), diskModel, nicModel, vhost, spec.cache(), spec.aio(), ctx.vcpus(), ctx.memoryMiB(), accel,
        disk, ctx.staging(), tap.netns(), tap.tap(), tap.guestCidr(), tap.mac(), ctx.network().peerIp(),
        ctx.inner().command(ctx.label(), "/results", "/scratch"),
        Map.of(),
        ctx.timeout(), ctx.logDir());
    ctx.phase().accept("booting (" + accel.toUpperCase(java.util.Locale.ROOT) + ", " + spec.disk() + " + " + spec.nic()
        + (vhost ? " vhost" : "") + ")");
    QemuGuest guest = ctx.resources().add(QemuGuest.boot(cfg, image, p -> ctx.phase().accept("guest: " + p)));
    try (LogTailer tail = LogTailer.follow(ctx.logDir().resolve("console.log"), Progress.INNER_LINES,
        line -> ctx.phase().accept(Progress.withoutTimestamp(line)))) {
      GuestResult r = guest.await();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("accelerator", accel);
      details.put("disk", spec.disk());
      details.put("expectedDiskDriver", diskModel.expectedDriver());
      details.put("guestDiskDriver", r.diskDriver());
      details.put("nic", spec.nic());
      details.put("expectedNicDriver", nicModel.expectedDriver());
      details.put("guestNicDriver", r.nicDriver());
      details.put("vhost", guest.vhostActive());
      details.put("vhostDetail", guest.vhostDetail());
      details.put("cache", spec.cache());
      details.put("aio", spec.aio());
      details.put("vcpus", ctx.vcpus());
      details.put("memoryMiB", ctx.memoryMiB());
      details.put("diskImageBytes", testFileBytes + IMAGE_HEADROOM);
      details.put("tap", tap.tap());
      details.put("address", tap.guestCidr());
      details.put("consoleLog", "logs/" + r.consoleLog().getFileName());
      return new TargetRun(r.exitCode() < 0 ? null : r.exitCode(), r.timedOut(), r.failure(), r.totalSeconds(),
          r.bootSeconds() < 0 ? null : r.bootSeconds(), guest.commandLine(), details);
    } finally {
      ctx.resources().release(guest);
      java.nio.file.Files.deleteIfExists(disk);
    }
  }
}
