package io.virtpath.bench.disk;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.virtpath.bench.SuiteConfig;
import io.virtpath.bench.ffm.Native;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Per-thread state of {@code smallFileCreateFsyncUnlink}: a descriptor of the scratch directory
 * (openat/unlinkat resolve one name, not the whole path), and a C string name that is rewritten in
 * place: "virtpath-small-T-XXXXXXXXXXXXXXXX" with T the thread index and 16 hex digits of a
 * counter, so every file is new and no name is built on the Java heap inside the timed loop.
 */
@State(Scope.Thread)
public class SmallFileState {
  private static final int DIGITS = 16;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private Arena arena;
  private Path dir;
  private String prefix;
  private int digitsAt;
  private long counter;

  MemorySegment cap;
  MemorySegment page;
  MemorySegment name;
  int dirfd = -1;

  @Setup(Level.Trial)
  public void setup(ThreadParams thread) throws IOException {
    dir = SuiteConfig.scratch();
    prefix = DiskScratch.SMALL_FILE_PREFIX + thread.getThreadIndex() + "-";
    arena = Arena.ofShared();
    cap = Native.newCapture(arena);
    page = arena.allocate(DiskScratch.BLOCK, DiskScratch.BLOCK);
    SplittableRandom fill = new SplittableRandom();
    for (long i = 0; i < page.byteSize(); i += 8) {
      page.set(JAVA_LONG, i, fill.nextLong());
    }
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    digitsAt = p.length;
    name = arena.allocate(p.length + DIGITS + 1L); // zeroed: the terminating NUL is there
    MemorySegment.copy(p, 0, name, JAVA_BYTE, 0, p.length);
    dirfd =
        DiskNative.openChecked(
            dir, DiskNative.O_RDONLY | DiskNative.O_DIRECTORY | DiskNative.O_CLOEXEC, 0);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try {
      if (dirfd >= 0) {
        DiskNative.closeChecked(dirfd, dir.toString());
        dirfd = -1;
      }
    } finally {
      // Normally nothing is left; after a failed operation its file is.
      DiskScratch.deleteSmallFiles(dir, prefix);
      arena.close();
    }
  }

  /** Advances the counter and returns the name segment, now holding a never-used name. */
  MemorySegment nextName() {
    long c = ++counter;
    for (int i = DIGITS - 1; i >= 0; i--) {
      name.set(JAVA_BYTE, digitsAt + i, HEX[(int) (c & 0xf)]);
      c >>>= 4;
    }
    return name;
  }

  /** The current file's path, for error messages only. */
  String currentName() {
    return dir.resolve(name.getString(0)).toString();
  }
}
