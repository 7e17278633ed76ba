package io.virtpath.bench.disk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.virtpath.bench.ffm.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What each benchmark thread owns: aligned off-heap buffers (O_DIRECT needs the address, length and
 * offset aligned; 4096 satisfies every common logical block size), an errno capture segment, a
 * private random-offset generator and a sequential cursor.
 */
@State(Scope.Thread)
public class Worker {
  static final int MIB = 1 << 20;

  private Arena arena;
  MemorySegment cap;
  /** 1 MiB, for the sequential benchmarks. */
  MemorySegment big;
  /** Its first 4 KiB, for the 4 KiB benchmarks. */
  MemorySegment page;

  private long rng;
  private long seqPos;
  private long writes;

  @Setup(Level.Trial)
  public void setup() {
    arena = Arena.ofShared(); // JMH may run setup and teardown on another thread than the loop
    cap = Native.newCapture(arena);
    big = arena.allocate(MIB, DiskScratch.BLOCK);
    page = big.asSlice(0, DiskScratch.BLOCK);
    // Random payload: a zero or repeated page could be elided by zero detection or compression.
    SplittableRandom fill = new SplittableRandom();
    for (long i = 0; i < MIB; i += 8) {
      big.set(JAVA_LONG, i, fill.nextLong());
    }
    // Distinct per thread, so threads never walk the same offsets in lock step.
    rng = ThreadLocalRandom.current().nextLong() | 1L;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    arena.close();
  }

  /**
   * A uniformly random 4 KiB-aligned offset below {@code blocks * 4096}. xorshift64* plus a
   * multiply-high range reduction: a handful of ns, no allocation, no division.
   */
  long randomBlockOffset(long blocks) {
    long x = rng;
    x ^= x >>> 12;
    x ^= x << 25;
    x ^= x >>> 27;
    rng = x;
    return Math.unsignedMultiplyHigh(x * 0x2545F4914F6CDD1DL, blocks) * DiskScratch.BLOCK;
  }

  /** The next {@code len}-byte step of a walk over the file, wrapping to 0 at the end. */
  long nextSequential(long fileSize, long len) {
    if (seqPos + len > fileSize) {
      seqPos = 0;
    }
    long off = seqPos;
    seqPos += len;
    return off;
  }

  /**
   * Puts a fresh counter into the first 8 bytes of every 4 KiB block of {@code buf}, so no two
   * writes carry the same content (a layer that skips identical rewrites or deduplicates blocks
   * would otherwise not write at all).
   */
  void stamp(MemorySegment buf) {
    long w = ++writes;
    for (long b = 0; b < buf.byteSize(); b += DiskScratch.BLOCK) {
      buf.set(JAVA_LONG, b, w);
    }
  }
}
