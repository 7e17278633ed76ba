package io.virtpath.lab.guest;

import io.virtpath.core.FileTrees;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A guest kernel: its image, its module tree and where it came from. Either the host's own kernel
 * (/boot + /lib/modules, what virtme does) or a Debian kernel package fetched into the cache.
 */
record Kernel(Path image, Path moduleDir, String version, String source) {
  private static final Duration QUICK = Duration.ofMinutes(2);
  private static final Duration DOWNLOAD = Duration.ofMinutes(20);
  private static final String COMPLETE = ".virtpath-complete";

  /** The running kernel when its image and modules are both readable, else empty. */
  static Optional<Kernel> host() {
    // os.version is the kernel release on Linux (what uname -r prints).
    String release = System.getProperty("os.version");
    Path image = Path.of("/boot/vmlinuz-" + release);
    Path modules = Path.of("/lib/modules/" + release);
    if (Files.isReadable(image) && Files.isDirectory(modules)) {
      return Optional.of(new Kernel(image, modules, release, "host /boot"));
    }
    return Optional.empty();
  }

  /**
   * The kernel of Debian's linux-image-amd64 meta package, downloaded and unpacked into {@code
   * cacheDir} once (kept as {@code kernel-ABI/}); later calls reuse it without the network.
   */
  static Kernel debian(Path cacheDir, Consumer<String> progress) throws IOException {
    Files.createDirectories(cacheDir);
    String abi = currentAbi().orElse(null);
    if (abi == null) {
      // apt's lists may be missing on a fresh machine: update once, then ask again.
      progress.accept("apt-get update (to find the Debian kernel package)");
      Shell.run(List.of(QemuArgs.tool("apt-get", "apt"), "update", "-qq"), DOWNLOAD).orThrow();
      abi = currentAbi().orElse(null);
    }
    if (abi == null) {
      Optional<Path> cached = newestCachedTree(cacheDir);
      if (cached.isEmpty()) {
        throw new IOException(
            "no kernel for the guests: /boot/vmlinuz-" + System.getProperty("os.version")
                + " is missing and apt knows no linux-image-amd64 package"
                + " (this needs Debian's package lists, or a kernel in /boot)");
      }
      progress.accept("apt names no kernel package; using the cached " + cached.get());
      return fromTree(cached.get());
    }
    Path tree = cacheDir.resolve("kernel-" + abi);
    if (!Files.exists(tree.resolve(COMPLETE))) {
      unpack(cacheDir, abi, tree, progress);
    }
    return fromTree(tree);
  }

  /** "6.1.0-56-amd64": the ABI the meta package linux-image-amd64 currently depends on. */
  private static Optional<String> currentAbi() throws IOException {
    Shell.Result r =
        Shell.run(List.of(QemuArgs.tool("apt-cache", "apt"), "depends", "linux-image-amd64"), QUICK);
    if (!r.ok()) {
      return Optional.empty();
    }
    for (String line : r.stdout().lines().toList()) {
      String l = line.strip();
      String prefix = "Depends: linux-image-";
      if (l.startsWith(prefix)) {
        String abi = l.substring(prefix.length()).strip();
        if (!abi.isEmpty() && Character.isDigit(abi.charAt(0))) {
          return Optional.of(abi);
        }
      }
    }
    return Optional.empty();
  }

  private static void unpack(Path cacheDir, String abi, Path tree, Consumer<String> progress)
      throws IOException {
    // The -unsigned package has the same kernel without the Secure Boot signature wrapper.
    String pkg = "linux-image-" + abi + "-unsigned";
    Shell.Result show = Shell.run(List.of(QemuArgs.tool("apt-cache", "apt"), "show", pkg), QUICK);
    if (!show.ok() || show.stdout().isBlank()) {
      pkg = "linux-image-" + abi;
    }
    Path deb = cachedDeb(cacheDir, pkg).orElse(null);
    if (deb == null) {
      deb = download(cacheDir, pkg, progress);
    }
    String dpkgDeb = QemuArgs.tool("dpkg-deb", "dpkg");
    List<String> fields =
        Shell.run(List.of(dpkgDeb, "-f", deb.toString(), "Package", "Version"), QUICK)
            .orThrow()
            .stdout()
            .lines()
            .toList();
    progress.accept("unpacking " + deb.getFileName());
    Path tmp = Files.createTempDirectory(cacheDir, ".kernel-");
    try {
      Shell.run(List.of(dpkgDeb, "-x", deb.toString(), tmp.toString()), DOWNLOAD).orThrow();
      if (!Files.isDirectory(tmp.resolve("lib/modules/" + abi))) {
        throw new IOException(deb + " has no lib/modules/" + abi);
      }
      // The package ships no modules.dep (its postinst runs depmod): generate it for this tree.
      Shell.run(List.of(QemuArgs.tool("depmod", "kmod"), "-b", tmp.toString(), abi), QUICK)
          .orThrow();
      Properties p = new Properties();
      p.setProperty("abi", abi);
      for (String f : fields) {
        int colon = f.indexOf(':');
        if (colon > 0) {
          p.setProperty(f.substring(0, colon).strip().toLowerCase(), f.substring(colon + 1).strip());
        }
      }
      try (var w = Files.newBufferedWriter(tmp.resolve(COMPLETE), StandardCharsets.UTF_8)) {
        p.store(w, "unpacked by virtpath");
      }
      if (!moveDir(tmp, tree)) {
        progress.accept(tree + " was unpacked concurrently; using that one");
      }
    } finally {
      FileTrees.delete(tmp);
    }
    // The unpacked tree is all we need from now on; the .deb would only double the cache.
    Files.deleteIfExists(deb);
  }

  private static Optional<Path> cachedDeb(Path cacheDir, String pkg) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(cacheDir, pkg + "_*_amd64.deb")) {
      for (Path p : ds) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static Path download(Path cacheDir, String pkg, Consumer<String> progress)
      throws IOException {
    progress.accept("downloading " + pkg + " with apt-get download");
    Path tmp = Files.createTempDirectory(cacheDir, ".download-");
    try {
      // apt-get download writes into the current directory; env -C sets it for the child only.
      Shell.Result r =
          Shell.run(
              List.of("env", "-C", tmp.toString(), QemuArgs.tool("apt-get", "apt"), "download", pkg),
              DOWNLOAD);
      List<Path> debs;
      try (Stream<Path> s = Files.list(tmp)) {
        debs = s.filter(f -> f.getFileName().toString().endsWith(".deb")).toList();
      }
      if (!r.ok() || debs.size() != 1) {
        throw new IOException(
            "apt-get download " + pkg + " failed (exit " + r.exit() + "): " + r.stderr().strip());
      }
      Path target = cacheDir.resolve(debs.getFirst().getFileName());
      Files.move(debs.getFirst(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } finally {
      FileTrees.delete(tmp);
    }
  }

  private static Kernel fromTree(Path tree) throws IOException {
    Properties p = new Properties();
    try (var r = Files.newBufferedReader(tree.resolve(COMPLETE), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    String abi = p.getProperty("abi");
    return new Kernel(
        tree.resolve("boot/vmlinuz-" + abi),
        tree.resolve("lib/modules/" + abi),
        abi,
        "debian package " + p.getProperty("package") + " " + p.getProperty("version"));
  }

  private static Optional<Path> newestCachedTree(Path cacheDir) throws IOException {
    try (Stream<Path> s = Files.list(cacheDir)) {
      return s.filter(d -> d.getFileName().toString().startsWith("kernel-"))
          .filter(d -> Files.exists(d.resolve(COMPLETE)))
          .max(Comparator.comparing(Kernel::mtime));
    }
  }

  private static long mtime(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Renames {@code from} to {@code to}; false when {@code to} appeared meanwhile. */
  private static boolean moveDir(Path from, Path to) throws IOException {
    if (Files.exists(to)) {
      return false;
    }
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + from + " to " + to + " atomically", e);
    } catch (java.nio.file.FileSystemException e) {
      if (Files.exists(to.resolve(COMPLETE))) {
        return false; // another lab finished the same tree first
      }
      throw e;
    }
  }
}
