package io.virtpath.cli.it.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Watches this machine's processes, while a run goes on, for one whose argv matches and, when a
 * variable is given, whose environment holds it ({@code NAME=VALUE}): proof that a value reached
 * what runs (the ssh client's options, the target's JVM), so that a record without it cannot come
 * from a run that never had it. Reads /proc every {@link #EVERY}; a run's JVM lives for many of
 * those.
 */
final class ProcessWitness implements AutoCloseable {
  static final Duration EVERY = Duration.ofMillis(100);

  private final Predicate<List<String>> argv;
  private final byte[] variable;
  private final Thread thread;
  private volatile boolean seen;
  private volatile boolean stop;

  private ProcessWitness(Predicate<List<String>> argv, String variable) {
    this.argv = argv;
    this.variable = variable == null ? null : ("\0" + variable + "\0").getBytes(StandardCharsets.UTF_8);
    this.thread = Thread.ofPlatform().daemon().name("process-witness").start(this::watch);
  }

  /** A process whose argv matches and, if {@code variable} is not null, with it in its environment. */
  static ProcessWitness watch(Predicate<List<String>> argv, String variable) {
    return new ProcessWitness(argv, variable);
  }

  boolean seen() {
    return seen;
  }

  private void watch() {
    while (!stop && !seen) {
      try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path p : procs) {
          seen |= matches(p);
        }
      } catch (IOException e) {
        // /proc unreadable for a moment: the next look
      }
      try {
        Thread.sleep(EVERY);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private boolean matches(Path proc) {
    try {
      String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
      if (!argv.test(List.of(cmdline.split("\0")))) {
        return false;
      }
      // NUL before the first variable too, so that NAME matches only NAME, not XNAME
      byte[] environ = ("\0" + new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.ISO_8859_1))
          .getBytes(StandardCharsets.ISO_8859_1);
      return variable == null || SecretScan.indexOf(environ, variable) >= 0;
    } catch (IOException exitedOrNotOurs) {
      return false;
    }
  }

  @Override
  public void close() {
    stop = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
