package io.virtpath.remote;

import io.virtpath.core.record.Manifest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * How long a run's record has been silent, for the runs whose controller {@link DeadRuns} cannot
 * judge by its note. A live {@code virtpath remote} rewrites its manifest after every target run,
 * and a target run ends within the run's own {@code --target-timeout} (recorded in the manifest):
 * a record silent for longer than that plus {@link #MARGIN} has no live controller, wherever it ran.
 */
final class Silence {
  /** Beyond the target timeout: the fetch (5 min at most), unpacking it, starting the peer. */
  static final Duration MARGIN = Duration.ofMinutes(15);
  /** The target timeout of a record that does not say (RemoteCommand's default). */
  static final Duration DEFAULT_TARGET_TIMEOUT = Duration.ofHours(2);

  private Silence() {}

  /**
   * When the run could not be judged by its note: why it counts as dead if nothing in {@code dir}
   * was written for longer than a live controller is ever silent, else null (and a line why not).
   */
  static String deadBecause(Path dir, Manifest m, String unjudged, PrintStream console) {
    Duration limit = targetTimeout(m).plus(MARGIN);
    Instant last;
    try {
      last = lastWrite(dir);
    } catch (IOException e) {
      console.println("remote: left run " + dir.getFileName() + " running: " + unjudged + ", and when it was last "
          + "written cannot be read: " + e.getMessage());
      return null;
    }
    Duration silent = Duration.between(last, Instant.now());
    if (silent.compareTo(limit) > 0) {
      return unjudged + ", and nothing in its record was written for " + human(silent)
          + ", longer than a live run is silent (" + human(limit) + ")";
    }
    console.println("remote: left run " + dir.getFileName() + " running: " + unjudged + "; it was written "
        + human(silent) + " ago, and is taken for killed only after " + human(limit) + " of silence");
    return null;
  }

  private static Duration targetTimeout(Manifest m) {
    Object t = m.options() == null ? null : m.options().get("targetTimeoutSeconds");
    return t instanceof Number n && n.longValue() > 0 ? Duration.ofSeconds(n.longValue()) : DEFAULT_TARGET_TIMEOUT;
  }

  /** The newest modification time of anything in {@code dir}, itself included. */
  static Instant lastWrite(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      Instant newest = Instant.EPOCH;
      for (Path p : (Iterable<Path>) s::iterator) {
        Instant t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        if (t.isAfter(newest)) {
          newest = t;
        }
      }
      return newest;
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  static String human(Duration d) {
    long min = d.toMinutes();
    return min < 120 ? min + " min" : min / 60 + " h " + min % 60 + " min";
  }
}
