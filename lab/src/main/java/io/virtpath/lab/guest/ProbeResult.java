package io.virtpath.lab.guest;

/**
 * Whether the accelerator booted a guest.
 *
 * @param detail "ok: booted in 1.2 s", "/dev/kvm missing", "guest did not reach init within 20 s
 *     under -accel kvm (killed)" ...
 * @param seconds how long the probe took
 */
public record ProbeResult(boolean usable, String detail, double seconds) {}
