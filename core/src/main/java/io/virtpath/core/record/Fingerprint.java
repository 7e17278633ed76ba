package io.virtpath.core.record;

import java.util.List;
import java.util.Map;

/**
 * {@code environment.json}: what a reader needs to interpret the numbers of one target. Every field
 * the detectors could not determine is null (never guessed); {@code notes} says why.
 */
public record Fingerprint(
    int formatVersion,
    String collectedAt,
    Virtualization virtualization,
    Host host,
    Jvm jvm,
    Storage storage,
    NetworkPath network,
    List<String> notes) {

  public static final int FORMAT_VERSION = 1;

  /**
   * @param kind {@code none}, {@code container}, {@code kvm}, {@code qemu-tcg} or {@code
   *     hypervisor}
   * @param detail container kind (lxc/openvz/docker/podman/nspawn/other) or hypervisor vendor
   * @param evidence the facts that led to the verdict, e.g. "/proc/cpuinfo flags: hypervisor"
   */
  public record Virtualization(String kind, String detail, List<String> evidence) {}

  /**
   * @param clocksource current clocksource (tsc, kvm-clock, hpet ...): decides whether
   *     clock_gettime stays in the vDSO
   * @param memoryTotalBytes MemTotal of /proc/meminfo; null if unreadable
   * @param mitigations /sys/devices/system/cpu/vulnerabilities/*: file name to its content
   * @param seccomp seccomp mode of the measuring process (/proc/self/status): {@code disabled},
   *     {@code strict} or {@code filter (N filters)}; a filter runs a BPF program on every syscall
   */
  public record Host(
      String hostname,
      String kernel,
      String kernelVersion,
      String architecture,
      String cpuModel,
      int onlineCpus,
      Long memoryTotalBytes,
      String clocksource,
      Map<String, String> mitigations,
      String seccomp) {}

  public record Jvm(String vendor, String version, String vmName, List<String> inputArguments) {}

  /**
   * The scratch directory's storage path.
   *
   * @param device block device name, e.g. vda or sda1's parent sda
   * @param driver kernel driver of the device: ata_piix, ahci, nvme, virtio_blk, virtio_scsi ...
   */
  public record Storage(
      String path,
      String mountPoint,
      String filesystem,
      String device,
      String driver,
      String model,
      String scheduler,
      Boolean rotational) {}

  /**
   * The route to the peer.
   *
   * @param driver kernel driver of the interface: e1000, 8139cp, virtio_net, veth, loopback ...
   */
  public record NetworkPath(
      String peer,
      String peerMode,
      String interfaceName,
      String driver,
      Integer mtu,
      String sourceAddress) {}
}
