package io.virtpath.cli.bundle;

import io.virtpath.core.AtomicFiles;
import io.virtpath.core.FileTrees;
import io.virtpath.core.Json;
import io.virtpath.core.JvmFlags;
import io.virtpath.core.ShutdownHook;
import io.virtpath.core.UsageException;
import io.virtpath.core.record.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Builds a bundle: stages runtime, jar (BundleJar: what a target runs), launcher and bundle.json in a private directory inside
 * {@code out}, then writes the tarball atomically. Only the tarball is left; the staging directory
 * goes on success and failure alike.
 */
public final class BundleBuilder {
  /** What was built, for the command to print. */
  public record Result(Path tarball, long compressedBytes, long uncompressedBytes, String glibc, String contentSha256) {}

  private final Path javaHome;
  private final Path jar;
  private final Manifest.VirtpathVersion version;

  public BundleBuilder(Path javaHome, Path jar, Manifest.VirtpathVersion version) {
    this.javaHome = javaHome;
    this.jar = jar;
    this.version = version;
  }

  public Result build(Path out) throws IOException, InterruptedException {
    Path stage = stagingDir(out);
    // Ctrl-C or SIGTERM skip the finally below: the hook removes the half-built stage then
    try (ShutdownHook cleanup = ShutdownHook.install("bundle-cleanup", () -> abandon(stage))) {
      Path root = stage.resolve("bundle");
      Files.createDirectory(root);
      new RuntimeLinker(javaHome).link(root.resolve("runtime"), stage.resolve("jlink.log"));
      BundleJar.write(jar, root.resolve("virtpath.jar"));
      GlibcVersion glibc = ElfGlibcScan.highestUnder(root.resolve("runtime"))
          .orElseThrow(() -> new IOException("no ELF file in the linked runtime names a GLIBC_ version: "
              + "is this JDK built for glibc?"));
      Path bin = Files.createDirectory(root.resolve("bin"));
      Path launcher = bin.resolve("virtpath");
      Files.writeString(launcher, Launcher.script(glibc, JvmFlags.REQUIRED));
      Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

      BundleTree content = BundleTree.of(root);
      String sha = content.contentSha256();
      BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, version,
          new BundleManifest.Jdk(Runtime.version().toString(), System.getProperty("java.vendor")),
          RuntimeLinker.MODULES, glibc.toString(), sha, content.fileBytes(),
          "bin/virtpath", "virtpath.jar", "runtime");
      Files.writeString(root.resolve("bundle.json"), Json.toString(manifest) + "\n", StandardCharsets.UTF_8);

      BundleTree all = BundleTree.of(root);
      String name = "virtpath-bundle-" + sha.substring(0, 12);
      Path tarball = out.resolve(name + ".tar.gz");
      // packed inside the stage (fsynced), so that a signal while packing leaves nothing in --out,
      // then renamed into --out: a reader sees the whole tarball or none
      Path packed = stage.resolve(tarball.getFileName());
      AtomicFiles.write(packed, o -> TarGz.write(all, name, o));
      Files.move(packed, tarball, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Result(tarball, Files.size(tarball), all.fileBytes(), glibc.toString(), sha);
    } finally {
      FileTrees.delete(stage);
    }
  }

  /** On a signal: stop jlink first (it would go on writing into the stage), then remove the stage. */
  private static void abandon(Path stage) {
    ProcessHandle.current().children().forEach(child -> {
      child.destroyForcibly();
      try {
        child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        // still going after SIGKILL: the delete below may race it; report what was left then
      }
    });
    try {
      FileTrees.delete(stage);
    } catch (IOException e) {
      System.err.println("virtpath: could not remove the unfinished bundle " + stage + ": " + e.getMessage());
    }
  }

  /** A fresh directory inside {@code out}: the first write there, so a bad --out fails before jlink runs. */
  private static Path stagingDir(Path out) {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException("--out " + out + " is not a directory: give a directory for the bundle tarball");
    }
    try {
      Files.createDirectories(out);
      return Files.createTempDirectory(out, ".bundle-stage-");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new UsageException("--out " + out + " is not writable (permission denied on " + e.getFile()
          + "): give a directory you can write to");
    } catch (FileSystemException e) {
      throw new UsageException("--out " + out + " cannot be created or written ("
          + (e.getReason() != null ? e.getReason() : "no reason given") + " at " + e.getFile()
          + "): give a directory you can write to");
    } catch (IOException e) {
      throw new UsageException("--out " + out + " cannot be used: " + e.getMessage());
    }
  }
}
