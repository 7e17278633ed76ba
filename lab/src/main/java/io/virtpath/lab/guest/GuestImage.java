package io.virtpath.lab.guest;

import io.virtpath.core.FileTrees;

import io.virtpath.core.AtomicFiles;
import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What every lab guest boots: a kernel and a generated initramfs (static busybox, the two init
 * stages, and the decompressed kernel modules of every disk and NIC model, dependencies first).
 * The guest's root is a tmpfs with read-only 9p exports of the host's system directories, so the
 * initramfs only has to reach them.
 */
public final class GuestImage {
  /** Bump when the initramfs layout changes in a way the hash below does not see. */
  private static final String FORMAT = "virtpath-initramfs-2";

  /**
   * Always loaded: 9p for the exports (virtio_pci transport), virtio_console for the agent's
   * control channel (a virtio-serial port, on every guest whatever its disk and NIC; Debian builds
   * it as a module) and ext4 for the disk under test. crc32c_generic is ext4's and jbd2's softdep ("pre: crypto-crc32c"), which
   * modules.dep does not list; without it ext4 fails to mount.
   */
  private static final List<String> BASE = List.of("virtio_pci", "9pnet_virtio", "9p", "virtio_console");
  private static final List<String> SOFTDEPS = List.of("crc32c_generic");
  private static final List<String> EXT4 = List.of("ext4");

  private final Path kernel;
  private final Path initramfs;
  private final String kernelVersion;
  private final String source;
  private final Map<String, List<String>> moduleGroups;

  private GuestImage(
      Path kernel,
      Path initramfs,
      String kernelVersion,
      String source,
      Map<String, List<String>> moduleGroups) {
    this.kernel = kernel;
    this.initramfs = initramfs;
    this.kernelVersion = kernelVersion;
    this.source = source;
    this.moduleGroups = moduleGroups;
  }

  /**
   * Finds or fetches the kernel and builds the initramfs in {@code cacheDir}, reusing an earlier
   * build when kernel, scripts, busybox and module list are unchanged.
   *
   * <p>Whatever is in the cache boots as the guest's kernel and init, so a cache another user
   * could have written is refused before anything is read from it ({@link CacheCheck}).
   *
   * @param progress receives one line per slow step (download, unpack, build)
   * @throws io.virtpath.core.UsageException for a cache directory or cached file another user can
   *     write
   */
  public static GuestImage prepare(Path cacheDir, Consumer<String> progress) throws IOException {
    cacheDir = cacheDir.toAbsolutePath();
    if (!Files.isDirectory(cacheDir)) {
      // explicitly 0755 (less under a stricter umask): a group-writable default would be refused
      Files.createDirectories(
          cacheDir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
    CacheCheck.verify(cacheDir);
    Kernel k = null;
    ModuleResolver resolver = null;
    Optional<Kernel> host = Kernel.host();
    if (host.isPresent()) {
      ModuleResolver r = ModuleResolver.load(host.get().moduleDir());
      List<String> missing = missingModules(r);
      if (missing.isEmpty()) {
        k = host.get();
        resolver = r;
      } else {
        progress.accept(
            "host kernel " + host.get().version() + " has no module for " + missing
                + ": using a Debian kernel package instead");
      }
    }
    if (k == null) {
      k = Kernel.debian(cacheDir, progress);
      resolver = ModuleResolver.load(k.moduleDir());
      List<String> missing = missingModules(resolver);
      if (!missing.isEmpty()) {
        throw new IOException(k.source() + " has no module for " + missing);
      }
    }
    if (!Files.isReadable(k.image())) {
      throw new IOException("kernel image " + k.image() + " is not readable");
    }
    progress.accept("kernel " + k.version() + " (" + k.source() + ")");

    SequencedMap<String, SequencedMap<String, String>> groups = resolveGroups(resolver);
    Path busybox = staticBusybox();
    byte[] init = resource("init");
    byte[] stage2 = resource("stage2");
    byte[] busyboxBytes = Files.readAllBytes(busybox);
    String hash = hash(k, init, stage2, busyboxBytes, groups);
    Path out = cacheDir.resolve("initramfs-" + k.version() + "-" + hash + ".cpio.gz");
    if (!Files.exists(out)) {
      progress.accept("building initramfs " + out.getFileName());
      build(out, resolver, init, stage2, busyboxBytes, groups);
      // readable like the kernel next to it (the temp file behind the atomic write was 0600)
      Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r--r--"));
      removeStale(cacheDir, k.version(), out);
    }
    Map<String, List<String>> names = new LinkedHashMap<>();
    groups.forEach((g, mods) -> names.put(g, List.copyOf(mods.sequencedKeySet())));
    return new GuestImage(k.image(), out, k.version(), k.source(), Collections.unmodifiableMap(names));
  }

  /**
   * Deletes initramfs builds of the same kernel left by older scripts, but only week-old ones: a
   * concurrent lab of another version may still be about to boot from a recent one.
   */
  private static void removeStale(Path cacheDir, String version, Path keep) throws IOException {
    long cutoff = System.currentTimeMillis() - Duration.ofDays(7).toMillis();
    try (var ds = Files.newDirectoryStream(cacheDir, "initramfs-" + version + "-*.cpio.gz")) {
      for (Path p : ds) {
        if (!p.equals(keep) && Files.getLastModifiedTime(p).toMillis() < cutoff) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  public Path kernel() {
    return kernel;
  }

  public Path initramfs() {
    return initramfs;
  }

  /** The guest's {@code uname -r}. */
  public String kernelVersion() {
    return kernelVersion;
  }

  /** "host /boot" or "debian package linux-image-6.1.0-56-amd64-unsigned 6.1.192-2". */
  public String source() {
    return source;
  }

  /**
   * The insmod order per group ("base", then each disk and NIC spec name), for the manifest. A
   * group repeats modules of "base"; the guest skips what is already loaded.
   */
  public Map<String, List<String>> moduleGroups() {
    return moduleGroups;
  }

  private static List<String> wanted() {
    List<String> all = new ArrayList<>(BASE);
    all.addAll(EXT4);
    for (DiskModel d : DiskModel.values()) {
      all.addAll(d.modules());
    }
    for (NicModel n : NicModel.values()) {
      all.addAll(n.modules());
    }
    return all;
  }

  private static List<String> missingModules(ModuleResolver r) {
    return wanted().stream().filter(m -> !r.exists(m)).distinct().toList();
  }

  private static SequencedMap<String, SequencedMap<String, String>> resolveGroups(
      ModuleResolver r) throws IOException {
    SequencedMap<String, SequencedMap<String, String>> groups = new LinkedHashMap<>();
    List<String> base = new ArrayList<>(BASE);
    // A softdep missing from this kernel is not fatal: it may be built in under another name.
    SOFTDEPS.stream().filter(r::exists).forEach(base::add);
    base.addAll(EXT4);
    groups.put("base", r.closure(base));
    for (DiskModel d : DiskModel.values()) {
      groups.put(d.specName(), r.closure(d.modules()));
    }
    for (NicModel n : NicModel.values()) {
      groups.put(n.specName(), r.closure(n.modules()));
    }
    return groups;
  }

  private static void build(
      Path out,
      ModuleResolver resolver,
      byte[] init,
      byte[] stage2,
      byte[] busybox,
      SequencedMap<String, SequencedMap<String, String>> groups)
      throws IOException {
    // name -> relative path, each module once, in a stable order
    Map<String, String> files = new TreeMap<>();
    groups.values().forEach(files::putAll);
    Map<String, byte[]> decompressed = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      decompressed.put(e.getKey(), decompress(resolver.moduleDir().resolve(e.getValue())));
    }
    AtomicFiles.write(
        out,
        stream -> {
          GZIPOutputStream gz = new GZIPOutputStream(stream, 1 << 16);
          Cpio cpio = new Cpio(gz);
          for (String dir :
              List.of("bin", "dev", "etc", "etc/mods", "lib", "lib/modules", "mnt", "newroot",
                  "proc", "sys", "tmp")) {
            cpio.directory(dir, 0755);
          }
          // Without /dev/console the kernel starts /init with no stdout: early output is lost.
          cpio.charDevice("dev/console", 0600, 5, 1);
          cpio.charDevice("dev/null", 0666, 1, 3);
          cpio.file("bin/busybox", 0755, busybox);
          cpio.file("init", 0755, init);
          cpio.file("stage2", 0644, stage2);
          for (Map.Entry<String, SequencedMap<String, String>> g : groups.entrySet()) {
            String list = String.join("\n", g.getValue().sequencedKeySet()) + "\n";
            cpio.file("etc/mods/" + g.getKey(), 0644, list.getBytes(StandardCharsets.UTF_8));
          }
          for (Map.Entry<String, byte[]> m : decompressed.entrySet()) {
            cpio.file("lib/modules/" + m.getKey() + ".ko", 0644, m.getValue());
          }
          cpio.close();
          // finish, not close: AtomicFiles still has to fsync the underlying file.
          gz.finish();
        });
  }

  /** busybox insmod loads plain ELF only; distro kernels may ship .ko.xz, .ko.zst or .ko.gz. */
  private static byte[] decompress(Path module) throws IOException {
    String name = module.getFileName().toString();
    if (name.endsWith(".ko")) {
      return Files.readAllBytes(module);
    }
    if (name.endsWith(".ko.gz")) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(module))) {
        return in.readAllBytes();
      }
    }
    List<String> cmd;
    if (name.endsWith(".ko.xz")) {
      cmd = List.of(QemuArgs.tool("xz", "xz-utils"), "-d", "-q", "-f");
    } else if (name.endsWith(".ko.zst")) {
      cmd = List.of(QemuArgs.tool("zstd", "zstd"), "-d", "-q", "-f", "--rm");
    } else {
      throw new IOException("unknown module compression: " + module);
    }
    // Decompress a copy in place (the tool drops the suffix) rather than piping binary data.
    Path tmpDir = Files.createTempDirectory("virtpath-ko");
    try {
      Path copy = tmpDir.resolve(name);
      Files.copy(module, copy);
      List<String> full = new ArrayList<>(cmd);
      full.add(copy.toString());
      Shell.run(full, Duration.ofMinutes(1)).orThrow();
      return Files.readAllBytes(tmpDir.resolve(name.substring(0, name.lastIndexOf('.'))));
    } finally {
      FileTrees.delete(tmpDir);
    }
  }

  /**
   * busybox runs as PID 1 before any root filesystem exists, so it must be the static build
   * (Debian: busybox-static); a dynamic one dies at once for want of its libc.
   */
  static Path staticBusybox() throws IOException {
    for (String candidate : List.of("/bin/busybox", "/usr/bin/busybox", "/sbin/busybox")) {
      Path p = Path.of(candidate);
      if (Files.isRegularFile(p)) {
        if (hasInterpreter(p)) {
          throw new IOException(p + " is dynamically linked: install busybox-static");
        }
        return p.toRealPath();
      }
    }
    throw new IOException("busybox not found: install busybox-static");
  }

  /** True when the ELF file has a PT_INTERP program header, i.e. needs a dynamic loader. */
  private static boolean hasInterpreter(Path elf) throws IOException {
    byte[] b = Files.readAllBytes(elf);
    if (b.length < 64 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F' || b[4] != 2) {
      throw new IOException(elf + " is not a 64-bit ELF executable");
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long phoff = buf.getLong(0x20);
    int phentsize = Short.toUnsignedInt(buf.getShort(0x36));
    int phnum = Short.toUnsignedInt(buf.getShort(0x38));
    for (int i = 0; i < phnum; i++) {
      int at = (int) (phoff + (long) i * phentsize);
      if (buf.getInt(at) == 3 /* PT_INTERP */) {
        return true;
      }
    }
    return false;
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = GuestImage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("resource io/virtpath/lab/guest/" + name + " missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  private static String hash(
      Kernel k,
      byte[] init,
      byte[] stage2,
      byte[] busybox,
      SequencedMap<String, SequencedMap<String, String>> groups)
      throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update((FORMAT + "\0" + k.version() + "\0" + k.source() + "\0").getBytes(StandardCharsets.UTF_8));
      md.update(init);
      md.update(stage2);
      md.update(busybox);
      for (Map.Entry<String, SequencedMap<String, String>> g : groups.entrySet()) {
        md.update(("\0" + g.getKey()).getBytes(StandardCharsets.UTF_8));
        for (String path : g.getValue().values()) {
          Path f = k.moduleDir().resolve(path);
          md.update(
              (":" + path + "@" + Files.size(f) + "/" + Files.getLastModifiedTime(f).toMillis())
                  .getBytes(StandardCharsets.UTF_8));
        }
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
