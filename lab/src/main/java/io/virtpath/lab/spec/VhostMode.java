package io.virtpath.lab.spec;

import java.util.Locale;

/**
 * Whether a virtio-net guest gets vhost-net: {@code auto} uses it when /dev/vhost-net is usable.
 * Other NICs always run {@code off} (vhost accelerates virtio-net only).
 */
public enum VhostMode {
  AUTO,
  ON,
  OFF;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
