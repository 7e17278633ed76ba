package io.virtpath.runner.counters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the /proc/interrupts lines of a block device or a network interface, in {@code run}
 * (the fork only sums the lines it is given).
 *
 * <p>Two ways, because neither covers every machine: a PCI function lists its lines in sysfs
 * ({@code msi_irqs/}, or {@code irq} for a legacy INTx line), but a virtio-mmio device (Firecracker,
 * microvm) has no such file, and a legacy IDE adapter (ata_piix) uses ISA lines 14 and 15 that
 * its PCI function does not name. So the lines whose handler is named after the device are
 * taken too: virtio's {@code virtio1-req.0}, e1000's {@code eth0}, nvme's {@code nvme0q1},
 * ahci's {@code ahci[0000:00:1f.2]}, {@code ata_piix}.
 */
public final class DeviceIrqs {
  private static final Pattern VIRTIO = Pattern.compile("virtio\\d+");

  private final Path root;

  /** @param root file-system root ("/" except in tests) */
  public DeviceIrqs(Path root) {
    this.root = root;
  }

  /** The scratch disk's lines, or null when none are found. */
  public DeviceLines disk(String blockDevice, String driver) {
    return lines(root.resolve("sys/class/block").resolve(blockDevice), blockDevice, driver);
  }

  /** The interface's lines, or null when none are found (loopback, veth, a bridge). */
  public DeviceLines nic(String interfaceName, String driver) {
    return lines(root.resolve("sys/class/net").resolve(interfaceName), interfaceName, driver);
  }

  private DeviceLines lines(Path classLink, String name, String driver) {
    if (driver == null || !Files.exists(classLink)) {
      return null;
    }
    Path sysDevices;
    Path device;
    String interrupts;
    try {
      sysDevices = root.resolve("sys/devices").toRealPath();
      device = classLink.toRealPath();
      interrupts = Files.readString(root.resolve("proc/interrupts"), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    names.add(name);
    names.add(driver);
    Set<String> numbers = new LinkedHashSet<>();
    boolean numbered = false;
    for (Path d = device; d != null && d.startsWith(sysDevices); d = d.getParent()) {
      String leaf = d.getFileName().toString();
      if (VIRTIO.matcher(leaf).matches() || leaf.matches("nvme\\d+")) {
        names.add(leaf);
      }
      if (!numbered) {
        numbered = sysfsLines(d, numbers);
      }
    }
    Set<String> found = new LinkedHashSet<>();
    for (Interrupts.Line l : Interrupts.parse(interrupts).lines()) {
      if (Interrupts.isDigits(l.label()) && (numbers.contains(l.label()) || namedAfter(l.handlers(), names))) {
        found.add(l.label());
      }
    }
    return found.isEmpty() ? null : new DeviceLines(driver, found);
  }

  /** Adds the lines a PCI function lists; true if this directory listed any. */
  private static boolean sysfsLines(Path dir, Set<String> into) {
    Path msi = dir.resolve("msi_irqs");
    if (Files.isDirectory(msi)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(msi)) {
        for (Path p : s) {
          into.add(p.getFileName().toString());
        }
      } catch (IOException e) {
        return false;
      }
      if (!into.isEmpty()) {
        return true;
      }
    }
    try {
      String irq = Files.readString(dir.resolve("irq"), StandardCharsets.ISO_8859_1).trim();
      if (Interrupts.isDigits(irq) && Long.parseLong(irq) > 0) {
        into.add(irq);
        return true;
      }
    } catch (IOException e) {
      // no irq file here: look further up
    }
    return false;
  }

  /**
   * Whether a handler on the line is {@code name}, or {@code name} followed by anything but a digit
   * ("virtio1-req.0" is virtio1's, "virtio10-req.0" is not).
   */
  static boolean namedAfter(String handlers, Set<String> names) {
    for (String h : handlers.split("[,\\s]+")) {
      for (String n : names) {
        if (h.startsWith(n) && (h.length() == n.length() || !Character.isDigit(h.charAt(n.length())))) {
          return true;
        }
      }
    }
    return false;
  }
}
