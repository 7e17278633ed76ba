package io.virtpath.cli;

import io.virtpath.core.UsageException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The virtpath.jar this command runs from: what the lab's targets run and what a bundle packs. */
final class ThisJar {
  private ThisJar() {}

  /**
   * @param who the sentence's subject when run from classes instead of the jar ("the lab")
   * @param command the subcommand to suggest ({@code ./virtpath lab})
   */
  static Path path(String who, String command) {
    try {
      Path p = Path.of(ThisJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
        return p.toAbsolutePath();
      }
      throw new UsageException(who + " must run from virtpath.jar (use ./virtpath " + command + "), not from " + p);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
