package io.virtpath.runner;

import io.virtpath.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The results directory: created when missing, proven writable before anything is measured. */
public final class ResultsDir {
  private ResultsDir() {}

  public static Path prepare(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new UsageException("--results " + dir + " is a file, not a directory: pass a directory");
    }
    try {
      Files.createDirectories(abs);
    } catch (IOException | SecurityException e) {
      throw new UsageException("cannot create results directory " + abs + " (" + describe(e)
          + "): fix the permissions of its parent or pass another --results DIR");
    }
    requireWritable(abs, "results directory", "pass another --results DIR");
    return abs;
  }

  /**
   * Proves {@code dir} writable by creating and deleting a file: permission bits lie for root, for
   * read-only mounts and for ACLs.
   */
  public static void requireWritable(Path dir, String what, String howToFix) {
    try {
      Path probe = Files.createTempFile(dir, ".write-probe", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new UsageException(what + " " + dir + " is not writable (" + describe(e) + "): " + howToFix);
    }
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
