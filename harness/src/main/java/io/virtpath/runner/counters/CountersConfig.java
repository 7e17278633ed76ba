package io.virtpath.runner.counters;

import java.util.ArrayList;
import java.util.List;

/**
 * What the profiler in a fork needs to know about the machine, set by {@code run} as {@code -D}
 * flags: the disk's and the NIC's interrupt lines and the scratch disk's block device.
 *
 * @param disk null when the scratch disk's lines are unknown (no disk suite, a virtual device)
 * @param nic null when the peer's route has no NIC with an interrupt (loopback)
 * @param blockDevice name under /sys/class/block, or null
 */
public record CountersConfig(DeviceLines disk, DeviceLines nic, String blockDevice) {
  public static final String DISK = "virtpath.counters.disk";
  public static final String NIC = "virtpath.counters.nic";
  public static final String BLOCK_DEVICE = "virtpath.counters.blockdev";

  public CountersConfig {
    if (blockDevice != null && !blockDevice.matches("[\\w.-]+")) {
      throw new IllegalArgumentException("-D" + BLOCK_DEVICE + "=" + blockDevice + ": not a block device name");
    }
  }

  public static CountersConfig fromSystemProperties() {
    String dev = System.getProperty(BLOCK_DEVICE);
    return new CountersConfig(
        DeviceLines.decode(DISK, System.getProperty(DISK)),
        DeviceLines.decode(NIC, System.getProperty(NIC)),
        dev == null || dev.isEmpty() ? null : dev);
  }

  /** The {@code -Dkey=value} flags that give a fork this configuration. */
  public List<String> jvmArgs() {
    List<String> out = new ArrayList<>();
    if (disk != null) {
      out.add("-D" + DISK + "=" + disk.encode());
    }
    if (nic != null) {
      out.add("-D" + NIC + "=" + nic.encode());
    }
    if (blockDevice != null) {
      out.add("-D" + BLOCK_DEVICE + "=" + blockDevice);
    }
    return out;
  }
}
