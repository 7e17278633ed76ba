package io.virtpath.core;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** Whole directory trees: scratch space, work directories, caches being rebuilt. */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes {@code root} and everything below it, children first; a missing root is fine. Links are
   * removed, never followed. Never crosses into another mount: a tree with a mount point at or
   * below its root is refused before anything is deleted, and a directory that turns out to be on
   * another device during the walk (a mount made meanwhile) stops the delete there. Deleting
   * through a bind mount of the host's root would delete the host's files; `rm
   * --one-file-system` exists for the same reason.
   *
   * @throws MountPointException if a mount point is at or below {@code root}
   */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isSymbolicLink(root) || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(root);
      return;
    }
    List<String> mounted = Mounts.under(root);
    if (!mounted.isEmpty()) {
      throw new MountPointException(root, mounted);
    }
    Object rootDev = Files.getAttribute(root, "unix:dev", LinkOption.NOFOLLOW_LINKS);
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Object dev = Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        if (!rootDev.equals(dev)) {
          throw new MountPointException(root, List.of(dir.toString()));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** A tree delete refused because something is mounted inside the tree. */
  public static final class MountPointException extends IOException {
    public MountPointException(Path root, List<String> mounts) {
      super("refusing to delete " + root + ": " + mounts.size() + " mount point(s) inside it ("
          + String.join(", ", mounts.subList(0, Math.min(3, mounts.size())))
          + (mounts.size() > 3 ? ", ..." : "") + "); unmount them first ('umount -R "
          + mounts.get(0) + "')");
    }
  }
}
