package io.virtpath.bench.syscall;

import static io.virtpath.bench.syscall.SyscallBindings.failure;

import io.virtpath.bench.PrimaryMetric;
import io.virtpath.bench.PrimaryMetric.Kind;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One byte there and back between two threads over two pipes: the benchmark thread writes to
 * pipe 1 and blocks reading pipe 2; an echo thread blocks reading pipe 1 and writes what it got to
 * pipe 2. Each round trip is two wake-ups of a sleeping thread (one per direction), i.e. the
 * scheduler's wake-up path, plus a context switch or an IPI to the other CPU. Both threads use
 * ordinary (non-critical) downcalls because they sleep in the kernel.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PipeRoundTripBench {
  private static final long JOIN_TIMEOUT_MS = 5_000;

  /** See SyscallBench: an auto arena adds nothing per downcall and has no owner thread. */
  private final Arena arena = Arena.ofAuto();

  private MemorySegment buf;
  private int toEchoWrite = -1;
  private int fromEchoRead = -1;
  private Thread echo;
  private volatile String echoExit;
  private byte next;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    buf = arena.allocate(1);
    int[] toEcho = SyscallBindings.pipe();
    int[] fromEcho;
    try {
      fromEcho = SyscallBindings.pipe();
    } catch (IOException e) {
      SyscallBindings.close(toEcho[0]);
      SyscallBindings.close(toEcho[1]);
      throw e;
    }
    toEchoWrite = toEcho[1];
    fromEchoRead = fromEcho[0];
    int echoRead = toEcho[0];
    int echoWrite = fromEcho[1];
    // Daemon, so that a benchmark thread killed mid-trial cannot keep the fork alive.
    echo =
        Thread.ofPlatform()
            .name("virtpath-pipe-echo")
            .daemon()
            .start(() -> echoLoop(echoRead, echoWrite));
  }

  /**
   * The echo thread owns its two fds and closes both when it ends, for whatever reason: the
   * benchmark thread's next read then sees EOF and fails instead of hanging.
   */
  private void echoLoop(int in, int out) {
    MemorySegment b = Arena.ofAuto().allocate(1);
    String exit = "end of input";
    try {
      while (true) {
        long n = SyscallBindings.readBlocking(in, b, 1);
        if (n == 0) {
          break;
        }
        if (n < 0) {
          exit = "read returned " + n;
          break;
        }
        n = SyscallBindings.writeBlocking(out, b, 1);
        if (n != 1) {
          exit = "write returned " + n;
          break;
        }
      }
    } finally {
      echoExit = exit;
      SyscallBindings.close(out);
      SyscallBindings.close(in);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    // Closing the only write end of pipe 1 gives the echo thread EOF: it ends and closes its fds.
    if (toEchoWrite >= 0) {
      SyscallBindings.close(toEchoWrite);
      toEchoWrite = -1;
    }
    try {
      if (echo != null) {
        echo.join(JOIN_TIMEOUT_MS);
        if (echo.isAlive()) {
          throw new IllegalStateException(
              "pipe echo thread still running " + JOIN_TIMEOUT_MS + " ms after its input closed");
        }
      }
    } finally {
      if (fromEchoRead >= 0) {
        SyscallBindings.close(fromEchoRead);
        fromEchoRead = -1;
      }
    }
  }

  /** Returns the byte that came back; a different byte or EOF fails the run. */
  @Benchmark
  @PrimaryMetric(Kind.LATENCY_NS)
  public byte pipeRoundTrip() {
    byte sent = ++next;
    buf.set(ValueLayout.JAVA_BYTE, 0, sent);
    long n = SyscallBindings.writeBlocking(toEchoWrite, buf, 1);
    if (n != 1) {
      throw failure("write(pipe)", n);
    }
    n = SyscallBindings.readBlocking(fromEchoRead, buf, 1);
    byte got = buf.get(ValueLayout.JAVA_BYTE, 0);
    if (n != 1 || got != sent) {
      throw new IllegalStateException(
          "pipe round trip: read returned " + n + ", byte " + got + " for " + sent
              + "; echo thread: " + (echoExit == null ? "running" : echoExit));
    }
    return got;
  }

  /** For the test: whether the echo thread is still running. */
  boolean echoAlive() {
    return echo != null && echo.isAlive();
  }
}
