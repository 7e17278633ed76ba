package io.virtpath.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The machine, for one benchmark at a time: two benchmarks at once distort each other's numbers.
 * An exclusive {@link FileChannel#lock} on {@code /run/virtpath/machine.lock} (in {@code
 * java.io.tmpdir} when /run is not writable, e.g. not root); the kernel drops it when the process
 * dies, so a killed run never leaves the machine locked. Beside it, {@code machine.holder} says who
 * holds it, for the message of whoever waits.
 *
 * <p>Every virtpath process that measures also holds a shared lock on {@code active.lock} for its
 * whole life, whatever its policy; {@link #alone()} says whether nobody else did when this one
 * started, which is when leftovers of dead runs (JMH's temp files) can be told from live ones.
 *
 * <p>Nested use: the lab holds the machine and sets {@value #ENV} to its pid for the runs it
 * starts; those do not lock again (they would wait for their own parent).
 */
public final class MachineLock implements AutoCloseable {
  /** Set by a holder for the processes it starts: the holder's pid. */
  public static final String ENV = "VIRTPATH_MACHINE_LOCK";

  static final Path RUN_DIR = Path.of("/run/virtpath");
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration REPEAT = Duration.ofMinutes(1);

  /** What to do when another benchmark holds the machine. */
  public enum Policy {
    /** Wait until it is free, saying who holds it (the default). */
    WAIT,
    /** Refuse at once: {@link MachineBusyException}. */
    NO_WAIT,
    /** Run anyway, without the lock; the record says so (numbers distorted). */
    CONCURRENT
  }

  /** How this process came to measure: {@code held}, {@code nested} or {@code concurrent}. */
  public enum Mode {
    HELD, NESTED, CONCURRENT;

    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Thrown for {@link Policy#NO_WAIT} when the machine is taken; the message names the holder. */
  public static final class MachineBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MachineBusyException(String message) {
      super(message);
    }
  }

  private final Path dir;
  private final Mode mode;
  private final boolean alone;
  private final FileChannel machine;
  private final FileLock machineLock;
  private final FileChannel active;
  private final FileLock activeLock;

  private MachineLock(Path dir, Mode mode, boolean alone, FileChannel machine, FileLock machineLock,
      FileChannel active, FileLock activeLock) {
    this.dir = dir;
    this.mode = mode;
    this.alone = alone;
    this.machine = machine;
    this.machineLock = machineLock;
    this.active = active;
    this.activeLock = activeLock;
  }

  /**
   * Takes the machine for {@code what} (e.g. "virtpath run"), as {@code policy} says; messages
   * about waiting go to {@code console}. Close the result when the measuring ends.
   *
   * @throws MachineBusyException with {@link Policy#NO_WAIT} when another process holds it
   */
  public static MachineLock acquire(String what, Policy policy, PrintStream console) throws IOException {
    return acquire(lockDir(), what, policy, console, System.getenv(ENV));
  }

  static MachineLock acquire(Path dir, String what, Policy policy, PrintStream console, String nestedIn)
      throws IOException {
    FileChannel machine = open(dir.resolve("machine.lock"));
    FileLock held = null;
    Mode mode;
    try {
      if (nestedIn != null && noteNames(dir, nestedIn) && (held = machine.tryLock()) == null) {
        // the process the holder note names holds the lock and started us: it measures through us.
        // (Not checked by pid: inside a container's pid namespace the holder's pid means nothing.)
        mode = Mode.NESTED;
      } else {
        if (nestedIn != null) {
          console.println("ignoring " + ENV + "=" + nestedIn + ": that process does not hold the machine");
        }
        if (held == null) {
          held = machine.tryLock();
        }
        if (held == null) {
          String holder = describeHolder(dir);
          switch (policy) {
            case NO_WAIT -> throw new MachineBusyException("machine busy: held by " + holder
                + "; wait for it, or pass --concurrent to run anyway (both runs' numbers are then distorted)");
            case CONCURRENT -> console.println("running concurrently with " + holder
                + " (--concurrent): both runs' numbers are distorted; the record says concurrent: true");
            case WAIT -> held = await(dir, machine, console, holder);
          }
        }
        mode = held != null ? Mode.HELD : Mode.CONCURRENT;
      }
      if (held != null) {
        writeHolder(dir, what);
      }
      FileChannel active = open(dir.resolve("active.lock"));
      try {
        FileLock probe = active.tryLock(); // exclusive: granted only if no virtpath process measures
        boolean alone = probe != null;
        if (probe != null) {
          probe.release();
        }
        FileLock shared = active.lock(0, Long.MAX_VALUE, true);
        return new MachineLock(dir, mode, alone, machine, held, active, shared);
      } catch (IOException | RuntimeException e) {
        active.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      machine.close();
      throw e;
    }
  }

  private static FileLock await(Path dir, FileChannel machine, PrintStream console, String holder)
      throws IOException {
    console.println("waiting for the machine: held by " + holder + " — pass --no-wait to refuse instead");
    Instant said = Instant.now();
    while (true) {
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the machine", e);
      }
      FileLock l = machine.tryLock();
      if (l != null) {
        console.println("got the machine after " + Duration.between(said, Instant.now()).truncatedTo(ChronoUnit.SECONDS).toString().substring(2).toLowerCase(java.util.Locale.ROOT));
        return l;
      }
      if (Duration.between(said, Instant.now()).compareTo(REPEAT) >= 0) {
        console.println("still waiting for the machine: held by " + describeHolder(dir));
        said = Instant.now();
      }
    }
  }

  /** {@code held}, {@code nested} or {@code concurrent}. */
  public Mode mode() {
    return mode;
  }

  /** True when no other virtpath process was measuring as this one started. */
  public boolean alone() {
    return alone;
  }

  /** Updates the holder note, e.g. once the run id is known. */
  public void describe(String what) throws IOException {
    if (machineLock != null) {
      writeHolder(dir, what);
    }
  }

  /** The value of {@value #ENV} for the processes this holder starts, or null if it does not hold. */
  public String childEnv() {
    return mode == Mode.HELD ? Long.toString(ProcessHandle.current().pid())
        : mode == Mode.NESTED ? System.getenv(ENV) : null;
  }

  @Override
  public void close() throws IOException {
    try {
      if (machineLock != null) {
        Files.deleteIfExists(dir.resolve("machine.holder")); // while still holding: no race with the next
        machineLock.release();
      }
      activeLock.release();
    } finally {
      machine.close();
      active.close();
    }
  }

  // ---- the directory and the holder note ----

  /** /run/virtpath (0755, created if missing), or java.io.tmpdir when /run is not writable. */
  static Path lockDir() {
    // No probe file: on Linux, closing any channel of a locked file drops this JVM's lock on it.
    try {
      if (!Files.isDirectory(RUN_DIR)) {
        Files.createDirectories(RUN_DIR);
        Files.setPosixFilePermissions(RUN_DIR, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      if (Files.isWritable(RUN_DIR)) {
        return RUN_DIR;
      }
    } catch (IOException | SecurityException e) {
      // not root: fall back below
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "virtpath-machine");
  }

  private static FileChannel open(Path file) throws IOException {
    Path parent = file.getParent();
    if (!Files.isDirectory(parent)) {
      Files.createDirectories(parent);
      if (!parent.equals(RUN_DIR)) {
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      if (!parent.equals(RUN_DIR)) {
        // in the shared temp dir every user's runs take the same lock
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
      }
    } catch (IOException notOurs) {
      // created by another user, who made it shareable
    }
    return ch;
  }

  private static void writeHolder(Path dir, String what) throws IOException {
    String note = "pid=" + ProcessHandle.current().pid() + "\nwhat=" + what.replace('\n', ' ')
        + "\nsince=" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
    AtomicFiles.write(dir.resolve("machine.holder"), note.getBytes(StandardCharsets.UTF_8));
  }

  /** "pid 1234 (virtpath run, run id X, since T)" from the holder note, as far as it says. */
  static String describeHolder(Path dir) {
    Optional<String[]> note = readHolder(dir);
    if (note.isEmpty()) {
      return "another process (it wrote no note in " + dir.resolve("machine.holder") + ")";
    }
    String[] n = note.get();
    return "pid " + n[0] + " (" + n[1] + ", since " + n[2] + ")";
  }

  /** Whether the holder note names process {@code pid}. */
  private static boolean noteNames(Path dir, String pid) {
    Optional<String[]> note = readHolder(dir);
    return note.isPresent() && note.get()[0].equals(pid.strip());
  }

  /** pid, what, since; empty while no holder wrote one. */
  private static Optional<String[]> readHolder(Path dir) {
    try {
      String[] n = {"?", "?", "?"};
      for (String line : Files.readAllLines(dir.resolve("machine.holder"), StandardCharsets.UTF_8)) {
        if (line.startsWith("pid=")) {
          n[0] = line.substring(4);
        } else if (line.startsWith("what=")) {
          n[1] = line.substring(5);
        } else if (line.startsWith("since=")) {
          n[2] = line.substring(6);
        }
      }
      return Optional.of(n);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
