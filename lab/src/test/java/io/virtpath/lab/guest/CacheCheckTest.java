package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest cache another user could write is refused before anything boots from it. */
class CacheCheckTest {
  @TempDir Path tmp;

  @Test
  void worldWritableCacheDirectoryIsRefusedBeforeAnythingIsRead() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
    UsageException e =
        assertThrows(UsageException.class, () -> GuestImage.prepare(cache, line -> {}));
    assertTrue(
        e.getMessage().startsWith(cache + " (the guest cache directory) is writable by its group and others (mode 777): refusing"),
        e.getMessage());
    assertTrue(e.getMessage().contains("chmod -R go-w"), e.getMessage());
    try (var s = Files.list(cache)) {
      assertTrue(s.findAny().isEmpty(), "nothing was written into the refused cache");
    }
  }

  @Test
  void aCachedFileOthersCanWriteOrAnotherUserOwnsIsRefused() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path initrd = Files.writeString(cache.resolve("initramfs-x.cpio.gz"), "x");
    Files.setPosixFilePermissions(initrd, PosixFilePermissions.fromString("rw-r--r--"));
    CacheCheck.verify(cache); // fine as it is

    Files.setPosixFilePermissions(initrd, PosixFilePermissions.fromString("rw-rw-rw-"));
    UsageException w = assertThrows(UsageException.class, () -> CacheCheck.verify(cache));
    assertTrue(w.getMessage().startsWith(initrd + " (in the guest cache) is writable by its group and others"), w.getMessage());

    Files.setPosixFilePermissions(initrd, PosixFilePermissions.fromString("rw-r--r--"));
    Path modules = Files.createDirectories(cache.resolve("kernel-6.1/lib/modules"));
    Files.setAttribute(modules, "unix:uid", 65534);
    UsageException o = assertThrows(UsageException.class, () -> CacheCheck.verify(cache));
    assertTrue(o.getMessage().startsWith(modules + " (in the guest cache) is owned by uid 65534"), o.getMessage());
  }

  @Test
  void aWritableDirectoryAboveTheCacheIsRefusedUnlessSticky() throws Exception {
    Path above = Files.createDirectories(tmp.resolve("shared"));
    Path cache = Files.createDirectories(above.resolve("cache"));
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(above, PosixFilePermissions.fromString("rwxrwxrwx"));
    UsageException e = assertThrows(UsageException.class, () -> CacheCheck.verify(cache));
    assertTrue(e.getMessage().startsWith(above + " (a directory above the guest cache " + cache + ")"), e.getMessage());
    Files.setAttribute(above, "unix:mode", 01777); // like /tmp
    CacheCheck.verify(cache);
  }
}
