package io.virtpath.lab.supervise;

import io.virtpath.core.FileTrees;
import io.virtpath.core.Json;
import io.virtpath.core.Mounts;
import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

/**
 * The lab's runtime directory, {@code /run/virtpath/labs/<lab-id>/} (mode 0700): what a lab must
 * keep somewhere but never in the user's results folder, such as container bundles. Beside it,
 * {@code <lab-id>.json} names the owner (the supervisor's pid and start time) and the run
 * directory, so a later lab or {@code doctor} can tell a dead lab's leftovers from a live one's
 * ({@link Leftovers}).
 *
 * <p>In a supervised lab (a private mount namespace) the directory and {@code /run/netns} get
 * tmpfs mounts of their own: what the lab puts there, network namespaces included, exists only in
 * its mount namespace and is gone when the lab is, however it ends.
 */
public final class LabRuntime implements AutoCloseable {
  public static final Path ROOT = Path.of("/run/virtpath/labs");
  private static final Path NETNS_DIR = Path.of("/run/netns");
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /**
   * What {@code <lab-id>.json} holds.
   *
   * @param runDir the lab's run directory (its {@code .work} is removed and its manifest sealed
   *     if the lab dies)
   */
  public record Owner(String labId, long pid, long startTicks, String runDir, String started) {
    Supervision supervision() {
      return new Supervision(pid, startTicks);
    }
  }

  private final String labId;
  private final Path dir;
  private final Path ownerFile;
  private final boolean privateMounts;
  private boolean closed;

  private LabRuntime(String labId, Path dir, Path ownerFile, boolean privateMounts) {
    this.labId = labId;
    this.dir = dir;
    this.ownerFile = ownerFile;
    this.privateMounts = privateMounts;
  }

  /**
   * Creates the directory for a lab whose id starts with {@code idBase}; a suffix is added when a
   * directory of that name exists (two labs started in the same second).
   */
  public static LabRuntime create(String idBase, Path runDir) throws IOException {
    Files.createDirectories(ROOT);
    Supervision owner = Supervision.current();
    boolean supervised = LabSupervisor.supervised();
    if (owner == null) {
      owner = Supervision.self();
    }
    for (int i = 0; i < 36; i++) {
      String id = i == 0 ? idBase : idBase + Character.forDigit(i, 36);
      Path dir = ROOT.resolve(id);
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (java.nio.file.FileAlreadyExistsException taken) {
        continue;
      }
      Path ownerFile = ROOT.resolve(id + ".json");
      Json.write(ownerFile, new Owner(id, owner.pid(), owner.startTicks(), runDir.toAbsolutePath().toString(),
          Instant.now().toString()));
      LabRuntime rt = new LabRuntime(id, dir, ownerFile, supervised);
      if (supervised) {
        rt.mountPrivate();
      }
      return rt;
    }
    throw new IOException("no free lab id for " + idBase + " in " + ROOT);
  }

  private void mountPrivate() throws IOException {
    Shell.run(TIMEOUT, "mount", "-t", "tmpfs", "-o", "mode=0700,size=64m", "virtpath-lab", dir.toString()).orThrow();
    Files.createDirectories(NETNS_DIR);
    Shell.run(TIMEOUT, "mount", "-t", "tmpfs", "-o", "mode=0755,size=1m", "virtpath-netns", NETNS_DIR.toString()).orThrow();
  }

  public String labId() {
    return labId;
  }

  public Path dir() {
    return dir;
  }

  /** A private directory for one target run. */
  public Path targetDir(String label) throws IOException {
    return Files.createDirectories(dir.resolve(label));
  }

  /** Removes the directory and the owner file; the caller has stopped everything that used them. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (privateMounts && !Mounts.under(dir).isEmpty()) {
      Shell.run(TIMEOUT, "umount", "-R", dir.toString());
    }
    FileTrees.delete(dir);
    Files.deleteIfExists(ownerFile);
  }
}
