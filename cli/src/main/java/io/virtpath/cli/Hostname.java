package io.virtpath.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The default record label: this machine's short host name, made safe for a directory name. */
final class Hostname {
  private Hostname() {}

  static String label() {
    String name = null;
    try {
      name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException | RuntimeException e) {
      name = System.getenv("HOSTNAME");
    }
    if (name == null || name.isBlank()) {
      return "host";
    }
    String shortName = name.split("\\.")[0].replaceAll("[^A-Za-z0-9._-]", "-");
    shortName = shortName.replaceAll("^[^A-Za-z0-9]+", "");
    return shortName.isEmpty() ? "host" : shortName.substring(0, Math.min(64, shortName.length()));
  }
}
