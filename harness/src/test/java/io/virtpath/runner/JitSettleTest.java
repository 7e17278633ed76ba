package io.virtpath.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The wait for an idle JIT, on a clock the test moves: each sleep advances it, nothing waits. */
class JitSettleTest {
  private final AtomicLong nanos = new AtomicLong();
  private final JitSettle.Sleeper sleeper = ms -> nanos.addAndGet(ms * 1_000_000);

  @Test
  void waitsUntilCompilationHasBeenIdleForTheQuietTime() throws InterruptedException {
    // compiles for the first 2.5 s, then stops
    JitSettle.Outcome o = JitSettle.await(() -> Math.min(nanos.get(), 2_500_000_000L) / 1_000_000, nanos::get, sleeper,
        Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertTrue(o.quiet() && o.monitored());
    assertEquals(3.5, o.seconds(), 0.15);
    assertTrue(o.describe().startsWith("JIT settled in 3."), o.describe());
  }

  @Test
  void aJitThatNeverStopsIsWaitedForAtMostTheLimit() throws InterruptedException {
    JitSettle.Outcome o = JitSettle.await(() -> nanos.get() / 1_000_000, nanos::get, sleeper,
        Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertFalse(o.quiet());
    assertEquals(30, o.seconds(), 0.15);
    assertEquals("JIT still compiling after 30 s; measuring anyway", o.describe());
  }

  @Test
  void anIdleJitCostsTheQuietTimeOnly() throws InterruptedException {
    JitSettle.Outcome o = JitSettle.await(() -> 42, nanos::get, sleeper, Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertTrue(o.quiet());
    assertEquals(1.0, o.seconds(), 0.15);
  }
}
