package io.virtpath.runner;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Before the first benchmark of a shared JVM: waits until the JIT has been idle for a moment. A
 * fresh JVM has queued compilations of its own start-up (the CLI, Jackson, the fingerprint); under
 * TCG they take seconds of emulated time, and a benchmark starting meanwhile waits behind them for
 * its own compilation, so its first iterations measure the interpreter (seen in a TCG guest: a
 * 41 ns/op loop measured at 2,091 ns/op in its first half second). A JVM per benchmark has the
 * same backlog but hides it inside JMH's warm-up of every fork.
 */
final class JitSettle {
  /** How long compilation must have been idle. */
  static final Duration QUIET = Duration.ofSeconds(1);
  /** The most it waits: a JIT that never stops (a busy background thread) must not stall the run. */
  static final Duration MAX = Duration.ofSeconds(30);

  /** What happened: how long it waited and whether the JIT went quiet. */
  record Outcome(double seconds, boolean quiet, boolean monitored) {
    String describe() {
      if (!monitored) {
        return "JIT activity is not visible in this JVM; measuring without waiting for it";
      }
      return quiet ? String.format(java.util.Locale.ROOT, "JIT settled in %.1f s", seconds)
          : String.format(java.util.Locale.ROOT, "JIT still compiling after %.0f s; measuring anyway", seconds);
    }
  }

  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private JitSettle() {}

  static Outcome await() throws InterruptedException {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return new Outcome(0, false, false);
    }
    return await(jit::getTotalCompilationTime, System::nanoTime, Thread::sleep, QUIET, MAX);
  }

  /**
   * @param compileMillis the JVM's accumulated compilation time, which stops growing when the
   *     compiler threads are idle
   */
  static Outcome await(LongSupplier compileMillis, LongSupplier nanos, Sleeper sleeper, Duration quiet, Duration max)
      throws InterruptedException {
    long start = nanos.getAsLong();
    long last = compileMillis.getAsLong();
    long lastChange = start;
    while (true) {
      long now = nanos.getAsLong();
      if (now - lastChange >= quiet.toNanos()) {
        return new Outcome((now - start) / 1e9, true, true);
      }
      if (now - start >= max.toNanos()) {
        return new Outcome((now - start) / 1e9, false, true);
      }
      sleeper.sleep(100);
      long c = compileMillis.getAsLong();
      if (c != last) {
        last = c;
        lastChange = nanos.getAsLong();
      }
    }
  }
}
