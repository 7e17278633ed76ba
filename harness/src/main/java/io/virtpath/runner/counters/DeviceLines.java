package io.virtpath.runner.counters;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The /proc/interrupts lines of one device under test, and the driver that names them in the
 * counters ({@code irq.disk.virtio_blk/op}). It travels from {@code run}, which knows the device
 * from the fingerprint, to the benchmark's fork as a system property: {@code DRIVER:IRQ,IRQ}.
 */
public record DeviceLines(String driver, Set<String> irqs) {

  public DeviceLines {
    if (driver == null || driver.isBlank() || !driver.matches("[\\w.-]+")) {
      throw new IllegalArgumentException("a device's driver name must be a word (letters, digits, _ . -), not '" + driver + "'");
    }
    if (irqs.isEmpty()) {
      throw new IllegalArgumentException("device " + driver + " needs at least one IRQ line");
    }
    irqs = Set.copyOf(irqs);
  }

  /** {@code virtio_blk:35,36}, the lines sorted by number. */
  public String encode() {
    return driver + ":" + String.join(",", irqs.stream().sorted(java.util.Comparator.comparingLong(Long::parseLong)).toList());
  }

  /**
   * @param property the property's name, for the message
   * @return null for a null or empty value (device not known)
   */
  public static DeviceLines decode(String property, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    int colon = value.indexOf(':');
    Set<String> irqs = new LinkedHashSet<>();
    if (colon > 0) {
      for (String s : List.of(value.substring(colon + 1).split(","))) {
        if (!Interrupts.isDigits(s)) {
          colon = -1;
          break;
        }
        irqs.add(s);
      }
    }
    if (colon <= 0 || irqs.isEmpty()) {
      throw new IllegalArgumentException("-D" + property + "=" + value + ": expected DRIVER:IRQ[,IRQ...], e.g. virtio_blk:35,36");
    }
    return new DeviceLines(value.substring(0, colon), irqs);
  }
}
