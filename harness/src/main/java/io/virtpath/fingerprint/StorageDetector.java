package io.virtpath.fingerprint;

import io.virtpath.core.record.Fingerprint.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The storage path under the scratch directory: mount, filesystem, block device, the driver that
 * carries its requests, model, I/O scheduler.
 */
final class StorageDetector {

  /** Filesystems without a local block device, and what that means for the disk numbers. */
  private static final Map<String, String> NO_DEVICE =
      Map.of(
          "tmpfs", "memory-backed: disk numbers measure the page cache, not a device",
          "ramfs", "memory-backed: disk numbers measure the page cache, not a device",
          "overlay", "overlay: data lands in the upper layer's filesystem, not visible from here",
          "9p", "9p: a host directory shared over virtio; each I/O is a round trip to the host",
          "virtiofs", "virtiofs: a host directory shared over virtio (FUSE protocol)",
          "nfs", "network filesystem: I/O goes over the network",
          "nfs4", "network filesystem: I/O goes over the network",
          "cifs", "network filesystem: I/O goes over the network",
          "fuse", "FUSE: each I/O passes through a userspace daemon");

  private final RootFs fs;
  private final List<String> notes;

  StorageDetector(RootFs fs, List<String> notes) {
    this.fs = fs;
    this.notes = notes;
  }

  Storage detect(Path scratch) {
    String path = logicalPath(scratch);
    String mountinfo = fs.read("proc/self/mountinfo");
    if (mountinfo == null) {
      notes.add("storage unknown: " + fs.cannotRead("proc/self/mountinfo"));
      return new Storage(path, null, null, null, null, null, null, null);
    }
    MountInfo.Mount mount = MountInfo.parse(mountinfo).containing(path);
    if (mount == null) {
      notes.add("storage: no mount in /proc/self/mountinfo contains " + path);
      return new Storage(path, null, null, null, null, null, null, null);
    }

    Path disk = blockDevice(mount);
    if (disk == null) {
      return new Storage(path, mount.mountPoint(), mount.fsType(), null, null, null, null, null);
    }
    String name = disk.getFileName().toString();
    String driver = driver(disk, name);
    String scheduler = bracketed(RootFs.readTrimmed(disk.resolve("queue/scheduler")));
    String rotational = RootFs.readTrimmed(disk.resolve("queue/rotational"));
    return new Storage(
        path,
        mount.mountPoint(),
        mount.fsType(),
        name,
        driver,
        model(disk.resolve("device")),
        scheduler,
        rotational == null ? null : rotational.equals("1"));
  }

  /**
   * The scratch path as mountinfo names it: symlinks resolved inside the root (/var/tmp may be a
   * link), else just normalised (a fixture need not contain the directory itself).
   */
  private String logicalPath(Path scratch) {
    Path abs = scratch.isAbsolute() ? scratch.normalize() : scratch.toAbsolutePath().normalize();
    String rel = abs.toString().substring(1);
    Path real = rel.isEmpty() ? null : fs.realPath(rel);
    Path realRoot = fs.realRoot();
    if (real != null && real.startsWith(realRoot)) {
      String inside = realRoot.relativize(real).toString();
      return "/" + inside;
    }
    return abs.toString();
  }

  /** Real sysfs directory of the whole disk (a partition's parent), or null with a note. */
  private Path blockDevice(MountInfo.Mount mount) {
    Path dev = null;
    String how;
    if (mount.major() != 0) {
      how = "sys/dev/block/" + mount.major() + ":" + mount.minor();
      dev = fs.realPath(how);
    } else if (mount.source().startsWith("/dev/")) {
      // btrfs and friends report an anonymous 0:N; the source still names the device.
      how = "sys/class/block/" + mount.source().substring(mount.source().lastIndexOf('/') + 1);
      dev = fs.realPath(how);
    } else {
      String why = NO_DEVICE.getOrDefault(mount.fsType(), "no block device behind this filesystem");
      notes.add(
          "storage: "
              + mount.mountPoint()
              + " is "
              + mount.fsType()
              + " ("
              + mount.source()
              + "), device and driver are null; "
              + why);
      return null;
    }
    if (dev == null) {
      notes.add("storage.device unknown: " + fs.cannotRead(how) + " for " + mount.source());
      return null;
    }
    if (Files.exists(dev.resolve("partition"))) {
      return dev.getParent();
    }
    return dev;
  }

  private String driver(Path disk, String name) {
    Path sysDevices = RootFs.realPath(fs.path("sys/devices"));
    if (sysDevices == null) {
      notes.add("storage.driver unknown: " + fs.cannotRead("sys/devices"));
      return null;
    }
    String driver = SysfsDriver.adapterDriver(disk, sysDevices);
    if (driver != null) {
      return driver;
    }
    // Stacked devices (dm, md) name what they sit on in slaves/; follow the first one.
    List<String> slaves = RootFs.list(disk.resolve("slaves"));
    if (!slaves.isEmpty()) {
      Path lower = fs.realPath("sys/class/block/" + slaves.get(0));
      Path lowerDisk =
          lower != null && Files.exists(lower.resolve("partition")) ? lower.getParent() : lower;
      String lowerDriver =
          lowerDisk == null ? null : SysfsDriver.adapterDriver(lowerDisk, sysDevices);
      notes.add(
          "storage: "
              + name
              + " is stacked on "
              + String.join(", ", slaves)
              + (lowerDriver == null ? "" : "; driver is that of " + lowerDisk.getFileName()));
      return lowerDriver;
    }
    String backing = RootFs.readTrimmed(disk.resolve("loop/backing_file"));
    notes.add(
        "storage.driver null: "
            + name
            + " is a virtual block device"
            + (backing == null ? "" : " backed by the file " + backing));
    return null;
  }

  /** "QEMU HARDDISK", an nvme model, or for virtio the ids ("vendor 0x1af4 device 0x0002"). */
  static String model(Path device) {
    String model = RootFs.readTrimmed(device.resolve("model"));
    if (model != null) {
      return model;
    }
    String vendor = RootFs.readTrimmed(device.resolve("vendor"));
    String id = RootFs.readTrimmed(device.resolve("device"));
    if (vendor == null) {
      return null;
    }
    return "vendor " + vendor + (id == null ? "" : " device " + id);
  }

  /** "none [mq-deadline] kyber" → "mq-deadline". */
  static String bracketed(String s) {
    if (s == null) {
      return null;
    }
    int open = s.indexOf('[');
    int close = s.indexOf(']', open + 1);
    return open >= 0 && close > open ? s.substring(open + 1, close) : s;
  }
}
