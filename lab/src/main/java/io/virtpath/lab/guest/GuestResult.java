package io.virtpath.lab.guest;

import java.nio.file.Path;

/**
 * How a guest run ended.
 *
 * @param exitCode the guest command's exit code from the {@code VIRTPATH-GUEST-DONE rc=N} marker,
 *     or -1 when the marker never came
 * @param timedOut the host timeout fired and QEMU was killed
 * @param bootSeconds host seconds from QEMU's start to the guest's job start marker, -1 if never
 * @param totalSeconds host seconds from QEMU's start to its end (or to the kill)
 * @param consoleLog the serial console with host timestamps (kept in the record)
 * @param failure null, or one line saying why there is no result (not set for a command that
 *     merely exited non-zero: see exitCode)
 * @param diskDriver the guest driver of the disk under test as the guest reported it, or null
 * @param nicDriver the guest driver of eth0 as the guest reported it, or null
 */
public record GuestResult(
    int exitCode,
    boolean timedOut,
    double bootSeconds,
    double totalSeconds,
    Path consoleLog,
    String failure,
    String diskDriver,
    String nicDriver) {

  /** The guest command ran to completion with exit code 0. */
  public boolean ok() {
    return failure == null && exitCode == 0;
  }
}
