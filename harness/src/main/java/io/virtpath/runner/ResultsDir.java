package io.virtpath.runner;

import io.virtpath.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The results directory: created when missing, proven writable before anything is measured. */
public final class ResultsDir {
  private ResultsDir() {}

  /**
   * Refuses a path that cannot be what the user meant, before anything is created: empty ({@code
   * --results ''} would mean the current directory) or blank / padded with whitespace.
   */
  public static void checkName(Path dir, String option) {
    String s = dir.toString();
    if (s.isEmpty()) {
      throw new UsageException(option + " is empty: pass a directory (e.g. " + option + " results); "
          + "for the current directory say " + option + " .");
    }
    if (s.isBlank() || !s.strip().equals(s)) {
      throw new UsageException(option + " '" + s + "' is blank or starts or ends with whitespace: pass the directory "
          + "without surrounding spaces");
    }
  }

  /**
   * The directory as {@link #prepare} made it: {@code firstCreated} is the top-most directory it
   * created (null if the directory existed), so that bad input detected later leaves nothing.
   */
  public record Prepared(Path dir, Path firstCreated) {
    /** Removes what {@link #prepare} created, if nothing was written into it since. */
    public void undoIfEmpty() {
      if (firstCreated == null) {
        return;
      }
      for (Path p = dir; p != null && p.startsWith(firstCreated); p = p.getParent()) {
        try {
          Files.deleteIfExists(p); // fails (and stops) on a non-empty directory
        } catch (IOException e) {
          return;
        }
      }
    }
  }

  /** {@link #prepare}, remembering what it created. */
  public static Prepared prepareUndoable(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    Path first = null;
    for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) {
      first = p;
    }
    return new Prepared(prepare(dir), first);
  }

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
