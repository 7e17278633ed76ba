package io.virtpath.fingerprint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A fake root ("/") built on disk: files with content, and symlinks made the way sysfs makes them
 * (relative, so they resolve inside the tree). Paths are written without the leading slash.
 */
final class FixtureTree {
  final Path root;

  FixtureTree(Path root) {
    this.root = root;
  }

  FixtureTree file(String rel, String content) {
    return bytes(rel, content.getBytes(StandardCharsets.UTF_8));
  }

  FixtureTree bytes(String rel, byte[] content) {
    try {
      Path p = root.resolve(rel);
      Files.createDirectories(p.getParent());
      Files.write(p, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  FixtureTree dir(String rel) {
    try {
      Files.createDirectories(root.resolve(rel));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code rel} becomes a symlink whose text is {@code target}, e.g. "../../bus/pci/..." */
  FixtureTree link(String rel, String target) {
    try {
      Path p = root.resolve(rel);
      Files.createDirectories(p.getParent());
      Files.deleteIfExists(p); // a machine may override a link the common part made
      Files.createSymbolicLink(p, Path.of(target));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Links {@code rel} to the absolute-in-fixture {@code targetAbs} ("/sys/devices/...") using a
   * relative link text, as sysfs does; creates the target directory.
   */
  FixtureTree linkTo(String rel, String targetAbs) {
    dir(targetAbs.substring(1));
    try {
      // Relative to where the link physically lives: its parent may itself be a link
      // (sys/class/net/eth0/device sits in the device's directory, as in sysfs).
      Path parent = root.resolve(rel).getParent();
      Files.createDirectories(parent);
      Path from = parent.toRealPath();
      Path to = root.toRealPath().resolve(targetAbs.substring(1));
      return link(rel, from.relativize(to).toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a committed tree from src/test/resources into this root. */
  FixtureTree copyResource(String resourceDir) {
    try {
      Path src = Path.of(FixtureTree.class.getResource("/" + resourceDir).toURI());
      try (Stream<Path> walk = Files.walk(src)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          Path dest = root.resolve(src.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(dest);
          } else {
            Files.copy(p, dest);
          }
        }
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- building blocks shared by the tests ----

  static final String INITIAL_PID_NS = "pid:[4026531836]";

  FixtureTree cpuinfo(boolean hypervisorFlag) {
    return file(
        "proc/cpuinfo",
        "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU E5-2680 v4"
            + " @ 2.40GHz\nflags\t\t: fpu vme de pse tsc msr"
            + (hypervisorFlag ? " hypervisor" : "")
            + " lahf_lm\n\n");
  }

  FixtureTree dmi(String sysVendor, String product, String bios) {
    return file("sys/class/dmi/id/sys_vendor", sysVendor + "\n")
        .file("sys/class/dmi/id/product_name", product + "\n")
        .file("sys/class/dmi/id/bios_vendor", bios + "\n");
  }

  FixtureTree clocksources(String available, String current) {
    return file(
            "sys/devices/system/clocksource/clocksource0/available_clocksource", available + " \n")
        .file("sys/devices/system/clocksource/clocksource0/current_clocksource", current + "\n");
  }

  FixtureTree pidNamespace(String text) {
    return link("proc/self/ns/pid", text);
  }

  FixtureTree mountinfo(String... lines) {
    return file("proc/self/mountinfo", String.join("\n", lines) + "\n");
  }

  static String mount(String majMin, String mountPoint, String fs, String source) {
    return "27 1 "
        + majMin
        + " / "
        + mountPoint
        + " rw,relatime shared:1 - "
        + fs
        + " "
        + source
        + " rw";
  }

  /**
   * A whole disk at {@code devicePath} ("/sys/devices/.../block/vda") with /sys/block and
   * /sys/dev/block links, its queue attributes, and {@code driverDir}'s driver link.
   */
  FixtureTree disk(String devicePath, String majMin, String scheduler, String rotational) {
    String name = devicePath.substring(devicePath.lastIndexOf('/') + 1);
    dir(devicePath.substring(1));
    linkTo("sys/block/" + name, devicePath);
    linkTo("sys/class/block/" + name, devicePath);
    linkTo("sys/dev/block/" + majMin, devicePath);
    file(devicePath.substring(1) + "/dev", majMin + "\n");
    file(devicePath.substring(1) + "/queue/scheduler", scheduler + "\n");
    file(devicePath.substring(1) + "/queue/rotational", rotational + "\n");
    return this;
  }

  /** A partition directory inside its disk, like sda/sda1. */
  FixtureTree partition(String diskPath, String name, String majMin) {
    String path = diskPath + "/" + name;
    file(path.substring(1) + "/partition", name.replaceAll("\\D+", "") + "\n");
    linkTo("sys/class/block/" + name, path);
    linkTo("sys/dev/block/" + majMin, path);
    return this;
  }

  /** {@code devDir}/driver → /sys/bus/BUS/drivers/NAME, and the device's "device" link. */
  FixtureTree driver(String devDir, String bus, String name) {
    return linkTo(devDir.substring(1) + "/driver", "/sys/bus/" + bus + "/drivers/" + name);
  }

  /** /sys/class/net/NAME → devicePath/net/NAME plus the attributes the inspector reads. */
  FixtureTree nic(String name, String netDir, int ifindex, int iflink, int type, int mtu) {
    dir(netDir.substring(1));
    linkTo("sys/class/net/" + name, netDir);
    String d = netDir.substring(1) + "/";
    return file(d + "ifindex", ifindex + "\n")
        .file(d + "iflink", iflink + "\n")
        .file(d + "type", type + "\n")
        .file(d + "mtu", mtu + "\n")
        .file(d + "uevent", "INTERFACE=" + name + "\nIFINDEX=" + ifindex + "\n");
  }
}
