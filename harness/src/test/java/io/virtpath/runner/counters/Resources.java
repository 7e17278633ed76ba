package io.virtpath.runner.counters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The /proc and /sys snapshots under src/test/resources/counters. */
final class Resources {
  /** This project's 2-vCPU Firecracker VM (virtio-pci with MSI-X), copied from its /proc. */
  static final String FIRECRACKER = "firecracker-2cpu";
  /** Hand-made: a 4-CPU QEMU guest with emulated devices (e1000 on a shared INTx line, ata_piix). */
  static final String EMULATED = "qemu-emulated-4cpu";

  private Resources() {}

  static String text(String machine, String file) {
    String name = "/counters/" + machine + "/" + file;
    try (InputStream in = Resources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
