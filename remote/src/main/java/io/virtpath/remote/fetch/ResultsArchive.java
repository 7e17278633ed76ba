package io.virtpath.remote.fetch;

import io.virtpath.core.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Unpacks a target's results directory, sent back as a tar stream, into the controller's staging
 * directory — as hostile input: a target that lies may spoil its own figures, nothing else. Only
 * files and directories are taken; a name that is absolute, holds {@code ..} or a NUL, or leads
 * through or onto something that is not a directory of this unpacking is refused, and so is an
 * archive over any of the {@link Limits}. Everything is created with O_CREAT|O_EXCL and no link
 * followed, inside staging only; the archive's modes, owners and times are ignored (files 0644,
 * directories 0755).
 *
 * <p>A refusal stops the reading at once — the caller closes the stream, so the target stops
 * sending — and removes what this unpacking created; its message names the source and what was
 * wrong.
 */
public final class ResultsArchive {
  private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));
  private static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));
  /** O_CREAT|O_EXCL: fails on anything already there, a symbolic link included, never following it. */
  private static final Set<OpenOption> CREATE_NEW =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  /** NAME_MAX of Linux file systems: a longer name is refused here rather than by the file system. */
  private static final int MAX_NAME_BYTES = 255;

  /**
   * How much a target may send.
   *
   * @param archiveBytes the whole stream: headers, content and anything after the end
   * @param fileBytes one file
   * @param entries entries of any kind
   * @param pathChars one entry's name as the archive states it
   */
  public record Limits(long archiveBytes, long fileBytes, int entries, int pathChars) {
    /**
     * A smoke or quick run's results are a few MB (JMH's output, JSON, charts); a long run's some
     * tens. These leave room for that many times over and still bound the controller's disk.
     */
    public static final Limits DEFAULT = new Limits(512L << 20, 128L << 20, 20_000, 1024);
  }

  /** What was unpacked. */
  public record Unpacked(int files, int directories, long bytes) {}

  /** An archive refused; nothing of it is left in staging. */
  public static final class Refused extends Exception {
    private final boolean malformed;

    Refused(String message, boolean malformed) {
      super(message);
      this.malformed = malformed;
    }

    /**
     * Whether the stream is not a (complete) tar archive, rather than an archive holding something
     * refused: a target whose collect command failed sends a short stream, and its exit status
     * then says more than this.
     */
    public boolean malformed() {
      return malformed;
    }
  }

  private final Path root;
  private final String source;
  private final Limits limits;
  private final List<Path> created = new ArrayList<>();
  private final byte[] buffer = new byte[1 << 16];
  private int files;
  private int directories;
  private long bytes;

  private ResultsArchive(Path root, String source, Limits limits) {
    this.root = root;
    this.source = source;
    this.limits = limits;
  }

  /**
   * Unpacks {@code tar} into {@code staging} (an existing directory), reading it to its end so the
   * sender can finish; does not close it.
   *
   * @param source who sent it, for messages: the target's URI
   * @throws Refused if the archive is malformed or holds anything refused
   * @throws IOException if the controller's own side fails (staging not writable, disk full); what
   *     was created is removed then too
   */
  public static Unpacked unpack(InputStream tar, Path staging, String source, Limits limits)
      throws Refused, IOException {
    Path root = staging.toAbsolutePath().normalize();
    BasicFileAttributes a = attributes(root);
    if (a == null || !a.isDirectory()) {
      throw new IOException("the staging directory " + root + " is not a directory");
    }
    ResultsArchive u = new ResultsArchive(root, source, limits);
    try {
      return u.unpack(new Counted(tar, limits.archiveBytes()));
    } catch (Refused | IOException | RuntimeException e) {
      u.removeCreated();
      throw e;
    }
  }

  private Unpacked unpack(Counted in) throws Refused, IOException {
    TarReader tar = new TarReader(in); // not closed: the stream is the caller's
    int entries = 0;
    for (TarReader.Entry e; (e = next(tar)) != null; ) {
      if (++entries > limits.entries()) {
        throw refused("holds more than " + limits.entries() + " entries: over the limit, refused");
      }
      List<String> path = path(e.name());
      switch (e.type()) {
        case DIRECTORY -> directory(path, e.name());
        case FILE -> file(path, e, tar, in);
        case SYMLINK -> throw refused("holds '" + Shown.text(e.name()) + "', a symbolic link to '"
            + Shown.text(e.linkName()) + "': only files and directories are fetched, refused");
        case HARDLINK -> throw refused("holds '" + Shown.text(e.name()) + "', a hard link to '"
            + Shown.text(e.linkName()) + "': only files and directories are fetched, refused");
        case OTHER -> throw refused("holds '" + Shown.text(e.name()) + "', a device, fifo or other special file: "
            + "only files and directories are fetched, refused");
      }
    }
    try {
      while (in.read(buffer) >= 0) {
        // what follows the end of the archive (tar pads to 10 KiB): read, so the sender can finish
      }
    } catch (IOException x) {
      throw readFailure(x);
    }
    return new Unpacked(files, directories, bytes);
  }

  /**
   * The name's segments below staging; empty for staging itself. Refused: a NUL, an absolute
   * name, a {@code ..} anywhere (even one that would stay inside: no archive tar writes of a
   * directory holds one), a name longer than the limits.
   */
  private List<String> path(String name) throws Refused {
    if (name.indexOf('\0') >= 0) {
      throw refused("holds a name with a NUL byte ('" + Shown.text(name) + "'): refused");
    }
    if (name.length() > limits.pathChars()) {
      throw refused("holds a name of " + name.length() + " characters ('" + Shown.text(name) + "'): over the limit of "
          + limits.pathChars() + ", refused");
    }
    if (name.startsWith("/")) {
      throw refused("holds '" + Shown.text(name) + "': an absolute path, outside its results directory, refused");
    }
    List<String> parts = new ArrayList<>();
    for (String s : name.split("/")) {
      if (s.equals("..")) {
        throw refused("holds '" + Shown.text(name) + "': a path outside its results directory, refused");
      } else if (s.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
        throw refused("holds '" + Shown.text(name) + "': a name over " + MAX_NAME_BYTES + " bytes, refused");
      } else if (!s.isEmpty() && !s.equals(".")) {
        parts.add(s);
      }
    }
    // the checks above leave no way out; this one stays in case they are ever loosened
    if (!root.resolve(String.join("/", parts)).normalize().startsWith(root)) {
      throw refused("holds '" + Shown.text(name) + "': a path outside its results directory, refused");
    }
    return parts;
  }

  private void directory(List<String> path, String name) throws Refused, IOException {
    if (path.isEmpty()) {
      return; // "./": staging itself
    }
    ensureDirectory(parent(path, name).resolve(path.getLast()),
        "holds '" + Shown.text(name) + "', where the staging directory has a symbolic link: refused",
        "holds '" + Shown.text(name) + "' both as a file and as a directory: refused");
  }

  private void file(List<String> path, TarReader.Entry e, TarReader tar, Counted in) throws Refused, IOException {
    String name = e.name();
    if (path.isEmpty()) {
      throw refused("holds a file named '" + Shown.text(name) + "', where its results directory is: refused");
    }
    if (e.size() > limits.fileBytes()) {
      throw refused("holds '" + Shown.text(name) + "' of " + e.size() + " bytes: over the limit of "
          + mib(limits.fileBytes()) + " per file, refused");
    }
    if (in.count() + e.size() > limits.archiveBytes()) {
      throw refused("is larger than " + mib(limits.archiveBytes()) + " (at '" + Shown.text(name) + "', "
          + e.size() + " bytes): over the limit for a results directory, refused");
    }
    Path file = parent(path, name).resolve(path.getLast());
    BasicFileAttributes a = attributes(file);
    if (a != null) {
      throw refused(a.isSymbolicLink()
          ? "holds '" + Shown.text(name) + "', where the staging directory has a symbolic link: refused"
          : "holds '" + Shown.text(name) + "' twice, or as a file and a directory: refused");
    }
    OutputStream out;
    try {
      out = Channels.newOutputStream(Files.newByteChannel(file, CREATE_NEW, FILE_MODE));
    } catch (FileAlreadyExistsException x) {
      throw refused("holds '" + Shown.text(name) + "', which appeared in the staging directory meanwhile: refused");
    }
    created.add(file);
    try (out) {
      InputStream content = tar.content();
      while (true) {
        int n;
        try {
          n = content.read(buffer);
        } catch (IOException x) {
          throw readFailure(x);
        }
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        bytes += n;
      }
    }
    files++;
  }

  /**
   * The directory an entry goes in, made below staging as needed; refused when a component is a
   * symbolic link or a file. Staging is the controller's own, so a link there was planted, or made
   * by something other than this unpacking: either way nothing is written through it.
   */
  private Path parent(List<String> path, String name) throws Refused, IOException {
    Path dir = root;
    for (String s : path.subList(0, path.size() - 1)) {
      dir = dir.resolve(s);
      ensureDirectory(dir,
          "holds '" + Shown.text(name) + "', below a symbolic link in the staging directory: refused",
          "holds '" + Shown.text(name) + "', below what it sent as a file: refused");
    }
    return dir;
  }

  /** Creates {@code dir} below staging unless it is one already; a link or a file there is refused with its words. */
  private void ensureDirectory(Path dir, String ifLink, String ifFile) throws Refused, IOException {
    BasicFileAttributes a = attributes(dir);
    if (a == null) {
      Files.createDirectory(dir, DIR_MODE);
      created.add(dir);
      directories++;
    } else if (a.isSymbolicLink()) {
      throw refused(ifLink);
    } else if (!a.isDirectory()) {
      throw refused(ifFile);
    }
  }

  private TarReader.Entry next(TarReader tar) throws Refused {
    try {
      return tar.next();
    } catch (IOException x) {
      throw readFailure(x);
    }
  }

  private Refused readFailure(IOException x) {
    if (x instanceof Counted.TooLarge) {
      return refused("is larger than " + mib(limits.archiveBytes()) + ": over the limit for a results directory, "
          + "refused");
    }
    return new Refused("the results archive from " + source + " is not a valid tar archive: "
        + Shown.text(String.valueOf(x.getMessage())), true);
  }

  private Refused refused(String what) {
    return new Refused("the results archive from " + source + " " + what, false);
  }

  /** Removes what this unpacking created, children before their directories. */
  private void removeCreated() {
    for (Path p : created.reversed()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // best effort: the rest still goes; what stays is inside staging, which the caller owns
      }
    }
  }

  private static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static String mib(long bytes) {
    return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
  }

  /**
   * The stream, counted: past {@code limit} bytes a read fails with {@link TooLarge}. Only the two
   * read methods are overridden, so every other way of reading (readNBytes, skip) goes through them.
   */
  private static final class Counted extends InputStream {
    private final InputStream in;
    private final long limit;
    private long count;

    Counted(InputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (count >= limit && len > 0) {
        // one byte more tells a stream that ends at the limit from one that goes on
        int n = in.read(b, off, 1);
        if (n < 0) {
          return -1;
        }
        throw new TooLarge();
      }
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      int n = in.read(b, off, (int) Math.min(len, limit - count));
      if (n > 0) {
        count += n;
      }
      return n;
    }

    /** Past the limit. */
    static final class TooLarge extends IOException {
      TooLarge() {
        super("over the size limit");
      }
    }
  }
}
