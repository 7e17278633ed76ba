package io.virtpath.runner;

import io.virtpath.bench.disk.DiskScratch;
import io.virtpath.core.ProcessOwner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What killed runs left behind (SIGKILL, power loss: no hook ran), removed by the next run: scratch
 * directories whose owner file names a process that is gone, and JMH's temp files. Nothing is
 * removed that a live process may still use, and a tree delete never crosses into another
 * filesystem mounted below it (st_dev compared, as {@code rm --one-file-system} does).
 */
public final class Leftovers {
  /** Scratch directory names: inside the results directory, and inside a user's --scratch. */
  public static final List<String> SCRATCH_PREFIXES = List.of(".scratch-", "virtpath-scratch-");

  /** JMH 1.37's temp files: File.createTempFile("jmh", suffix) in java.io.tmpdir (fork stdout/stderr, compiler hints). */
  private static final Pattern JMH_TEMP = Pattern.compile("jmh[0-9]+[A-Za-z._-]*");

  private Leftovers() {}

  /** What one sweep removed. */
  public record Swept(int entries, long bytes) {}

  /** Removes the scratch directories of dead runs directly inside {@code base}; says what it did. */
  public static Swept scratch(Path base, PrintStream console) throws IOException {
    if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
      return new Swept(0, 0);
    }
    long dev = dev(base);
    int n = 0;
    long bytes = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(base,
        p -> SCRATCH_PREFIXES.stream().anyMatch(pre -> p.getFileName().toString().startsWith(pre)))) {
      for (Path dir : s) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || dev(dir) != dev) {
          continue; // a link, or a filesystem mounted there: not ours to delete
        }
        Optional<ProcessOwner> owner = ProcessOwner.read(dir.resolve(DiskScratch.OWNER_FILE));
        if (owner.isEmpty()) {
          console.println("left " + dir + ": it has no owner file (" + DiskScratch.OWNER_FILE
              + "), so it may belong to a live run of an older virtpath; remove it yourself if none runs");
          continue;
        }
        if (owner.get().isAlive()) {
          continue;
        }
        long size = deleteTree(dir, dev, console);
        console.printf("removed %s, left by a run that is gone (pid %d): %s%n", dir, owner.get().pid(), human(size));
        n++;
        bytes += size;
      }
    }
    return new Swept(n, bytes);
  }

  /**
   * Removes JMH's temp files in {@code tmpdir} that no live process can be using. Call only when no
   * other virtpath process measures ({@link io.virtpath.core.MachineLock#alone()}). Besides, JMH's
   * own {@code tmpdir/jmh.lock} must be free (no other JMH runs), the file must be older than
   * {@code before} (this process's start) and than every live JVM (a process whose command is not
   * visible counts as one), and no process may have it open.
   */
  public static Swept jmhTemp(Path tmpdir, Instant before, PrintStream console) throws IOException {
    if (!Files.isDirectory(tmpdir) || jmhLockHeld(tmpdir.resolve("jmh.lock"))) {
      return new Swept(0, 0);
    }
    // JMH's temp files are made by a JVM after it started: one older than every live JVM was made
    // by a JVM that is gone. (JMH takes its lock only inside Runner.run, and its compiler hints
    // file stays closed between forks: the two checks around this one cannot see a live JMH
    // between two benchmarks.)
    Instant oldestJvm = ProcessHandle.allProcesses()
        .filter(ph -> ph.info().command().map(c -> c.endsWith("/java") || c.endsWith("/javaw")).orElse(true))
        .map(ph -> ph.info().startInstant().orElse(Instant.EPOCH))
        .min(Instant::compareTo)
        .orElse(before);
    if (oldestJvm.isBefore(before)) {
      before = oldestJvm;
    }
    Set<Path> open = null;
    int n = 0;
    long bytes = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(tmpdir, p -> JMH_TEMP.matcher(p.getFileName().toString()).matches())) {
      for (Path f : s) {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile() || !a.lastModifiedTime().toInstant().isBefore(before)) {
          continue;
        }
        if (open == null) {
          open = openFiles();
        }
        if (open.contains(f.toAbsolutePath().normalize())) {
          continue;
        }
        if (Files.deleteIfExists(f)) {
          n++;
          bytes += a.size();
        }
      }
    }
    if (n > 0) {
      console.printf("removed %d JMH temp files of runs that are gone from %s: %s%n", n, tmpdir, human(bytes));
    }
    return new Swept(n, bytes);
  }

  /** Whether a JMH run (one that respects its lock) is going on: tryLock on JMH's lock file. */
  private static boolean jmhLockHeld(Path lock) {
    if (!Files.exists(lock)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
      FileLock l = ch.tryLock();
      if (l == null) {
        return true;
      }
      l.release();
      return false;
    } catch (IOException | RuntimeException e) {
      return true; // cannot tell: assume a JMH run
    }
  }

  /** Every file some process has open (/proc/PID/fd links), as far as this user may look. */
  private static Set<Path> openFiles() {
    Set<Path> open = new HashSet<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
      for (Path proc : procs) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
          for (Path fd : fds) {
            try {
              open.add(Files.readSymbolicLink(fd).toAbsolutePath().normalize());
            } catch (IOException | RuntimeException gone) {
              // closed meanwhile
            }
          }
        } catch (IOException | RuntimeException notVisible) {
          // exited, or another user's process
        }
      }
    } catch (IOException e) {
      // no /proc: the lock checks above are all there is
    }
    return open;
  }

  /**
   * Deletes {@code root} and what is below it on device {@code dev}; a mount point (another device,
   * or a bind mount of the same one, which only mountinfo shows) is left with everything in it,
   * and said so. Returns the bytes freed.
   */
  static long deleteTree(Path root, long dev, PrintStream console) throws IOException {
    long[] bytes = {0};
    java.util.Set<String> mounts = new java.util.HashSet<>(io.virtpath.core.Mounts.under(root));
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (dev(dir) != dev || mounts.contains(dir.toRealPath().toString())) {
          console.println("left " + dir + ": another filesystem is mounted there");
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (Files.deleteIfExists(file)) {
          bytes[0] += attrs.isRegularFile() ? attrs.size() : 0;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(dir)) {
          if (rest.iterator().hasNext()) {
            return FileVisitResult.CONTINUE; // holds a mount point: keep it
          }
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
    return bytes[0];
  }

  private static long dev(Path p) throws IOException {
    return ((Number) Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
  }

  static String human(long bytes) {
    return bytes >= 1 << 20 ? String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
        : bytes >= 1024 ? String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0) : bytes + " bytes";
  }
}
