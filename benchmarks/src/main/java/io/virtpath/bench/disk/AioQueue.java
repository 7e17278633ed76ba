package io.virtpath.bench.disk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.virtpath.bench.ffm.Native;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Sixteen 4 KiB O_DIRECT requests kept in flight by one thread through native AIO, as fio's
 * libaio engine at iodepth 16 does: each benchmark op reaps one completion and submits the next
 * request in its slot. The device sees a queue depth of 16 the whole time, and no thread switch
 * sits between a completion and the next submission (sixteen blocked threads, the obvious
 * alternative, measured 8–13 % fewer IOPS here than fio, mostly scheduler work on a 2-vCPU guest).
 */
@State(Scope.Thread)
public class AioQueue {
  static final int DEPTH = 16;

  private MemorySegment cap;
  private MemorySegment iocbs;
  private MemorySegment pointers;
  private MemorySegment events;
  private MemorySegment buffers;
  private long ctx;
  private boolean write;
  private boolean started;
  private String name;

  @Setup(Level.Trial)
  public void start(DataFileState file, Worker w, BenchmarkParams params) throws IOException {
    open(file, w, params.getBenchmark().contains("Write"));
  }

  void open(DataFileState file, Worker w, boolean writes) throws IOException {
    // The auto arena costs nothing per downcall and frees the buffers once the state is gone.
    Arena arena = Arena.ofAuto();
    write = writes;
    name = file.name;
    cap = Native.newCapture(arena);
    MemorySegment ctxBox = arena.allocate(8, 8);
    Aio.setup(cap, DEPTH, ctxBox);
    ctx = ctxBox.get(JAVA_LONG, 0);
    started = true;
    iocbs = arena.allocate(Aio.IOCB_SIZE * DEPTH, 64);
    pointers = arena.allocate(8L * DEPTH, 8);
    events = arena.allocate(Aio.EVENT_SIZE * DEPTH, 8);
    buffers = arena.allocate((long) DiskScratch.BLOCK * DEPTH, DiskScratch.BLOCK);
    SplittableRandom fill = new SplittableRandom();
    for (long i = 0; i < buffers.byteSize(); i += 8) {
      buffers.set(JAVA_LONG, i, fill.nextLong()); // random payload, as Worker's
    }
    for (int i = 0; i < DEPTH; i++) {
      MemorySegment iocb = iocb(i);
      iocb.set(JAVA_LONG, Aio.IOCB_DATA, i);
      iocb.set(JAVA_SHORT, Aio.IOCB_OPCODE, write ? Aio.IOCB_CMD_PWRITE : Aio.IOCB_CMD_PREAD);
      iocb.set(JAVA_INT, Aio.IOCB_FILDES, file.fd);
      iocb.set(JAVA_LONG, Aio.IOCB_BUF, buffer(i).address());
      iocb.set(JAVA_LONG, Aio.IOCB_NBYTES, DiskScratch.BLOCK);
      iocb.set(JAVA_LONG, Aio.IOCB_OFFSET, w.randomBlockOffset(file.blocks));
      pointers.setAtIndex(ADDRESS, i, iocb);
    }
    long n = Aio.submit(cap, ctx, DEPTH, pointers);
    if (n != DEPTH) {
      throw new ErrnoException("io_submit", name, "took " + n + " of " + DEPTH + " requests");
    }
  }

  /** Reaps one completion and resubmits its slot at a new random offset: one I/O per call. */
  long next(DataFileState file, Worker w) throws IOException {
    long got = Aio.getEvents(cap, ctx, 1, 1, events);
    if (got != 1) {
      throw new ErrnoException("io_getevents", name, "returned " + got + " events, expected 1");
    }
    int slot = (int) events.get(JAVA_LONG, Aio.EVENT_DATA);
    long res = events.get(JAVA_LONG, Aio.EVENT_RES);
    MemorySegment iocb = iocb(slot);
    if (res != DiskScratch.BLOCK) {
      throw res < 0
          ? new ErrnoException(write ? "aio pwrite" : "aio pread", name, (int) -res)
          : new ErrnoException(write ? "aio pwrite" : "aio pread", name, "short transfer: " + res + " bytes");
    }
    if (write) {
      w.stamp(buffer(slot));
    }
    iocb.set(JAVA_LONG, Aio.IOCB_OFFSET, w.randomBlockOffset(file.blocks));
    long n = Aio.submit(cap, ctx, 1, pointers.asSlice(8L * slot, 8));
    if (n != 1) {
      throw new ErrnoException("io_submit", name, "took " + n + " of 1 request");
    }
    return res;
  }

  /** Waits for the requests still in flight, then frees the context (the file closes after). */
  @TearDown(Level.Trial)
  public void stop() throws IOException {
    if (!started) {
      return;
    }
    started = false;
    long left = DEPTH;
    while (left > 0) {
      left -= Aio.getEvents(cap, ctx, 1, left, events);
    }
    Aio.destroy(cap, ctx);
  }

  private MemorySegment iocb(int i) {
    return iocbs.asSlice(Aio.IOCB_SIZE * i, Aio.IOCB_SIZE);
  }

  private MemorySegment buffer(int i) {
    return buffers.asSlice((long) DiskScratch.BLOCK * i, DiskScratch.BLOCK);
  }
}
