package io.virtpath.runner.counters;

import io.virtpath.core.record.Fingerprint;
import java.nio.file.Path;

/**
 * What {@code run} tells the profiler in the forks, from the fingerprint: which interrupt lines
 * are the scratch disk's and the peer route's NIC's, and which block device to read.
 */
public final class RunCounters {
  private RunCounters() {}

  /**
   * @param disk whether the run has the disk suite (else the block device is not read)
   * @param network whether the run has the network suite (else the NIC is not looked up)
   */
  public static CountersConfig config(Path root, Fingerprint f, boolean disk, boolean network) {
    DeviceIrqs irqs = new DeviceIrqs(root);
    Fingerprint.Storage s = f.storage();
    Fingerprint.NetworkPath n = f.network();
    boolean hasDisk = disk && s != null && s.device() != null;
    boolean hasNic = network && n != null && n.interfaceName() != null;
    return new CountersConfig(
        hasDisk ? irqs.disk(s.device(), s.driver()) : null,
        hasNic ? irqs.nic(n.interfaceName(), n.driver()) : null,
        hasDisk ? s.device() : null);
  }

  /**
   * Whether the machine under {@code root} has the files the profiler reads (a Linux /proc), so that {@code run} can
   * turn it on by default without making every benchmark fail elsewhere.
   */
  public static boolean available(Path root) {
    try {
      new ProcReader(root, null).read();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
