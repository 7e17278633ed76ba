package io.virtpath.lab.spec;

/**
 * One target of the lab: where the suites run. {@code disk}, {@code nic}, {@code vhost},
 * {@code cache} and {@code aio} apply to {@link Kind#QEMU} targets only (null otherwise).
 *
 * @param vhost {@code on}, {@code off} or {@code auto} (on when /dev/vhost-net is usable)
 */
public record TargetSpec(
    String name, Kind kind, String disk, String nic, String vhost, String cache, String aio) {

  /** How a target isolates the workload: the three paths the lab compares, plus the baseline. */
  public enum Kind {
    HOST,
    CONTAINER,
    QEMU;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public boolean isGuest() {
    return kind == Kind.QEMU;
  }
}
