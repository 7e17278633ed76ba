package io.virtpath.runner.counters;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures what the profiler costs per measured iteration on this machine: one reading before, one
 * after, and the figures. {@code java -cp virtpath.jar io.virtpath.runner.counters.ReadingCost
 * [BLOCKDEV [PAIRS]]}. A main, not a test: a timed assertion would fail on a slow machine.
 *
 * <p>The readings happen outside JMH's timed region (before the workers start and after they
 * stop), so this time adds to the iteration's wall time, not to its score.
 */
public final class ReadingCost {
  private ReadingCost() {}

  public static void main(String[] args) {
    String dev = args.length > 0 ? args[0] : null;
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    ProcReader reader = new ProcReader(Path.of("/"), dev);
    CountersConfig config = new CountersConfig(null, null, dev);
    int warm = Math.max(100, pairs / 5);
    double sink = 0;
    long[] samples = new long[pairs];
    for (int i = -warm; i < pairs; i++) {
      long t0 = System.nanoTime();
      Snapshot a = reader.read();
      Snapshot b = reader.read();
      sink += CounterFigures.of(config, a, b, 1, dev != null).size();
      long t1 = System.nanoTime();
      if (i >= 0) {
        samples[i] = t1 - t0;
      }
    }
    java.util.Arrays.sort(samples);
    double mean = java.util.Arrays.stream(samples).average().orElse(Double.NaN);
    System.out.printf(Locale.ROOT,
        "counters reading pair (before + after + figures), %d pairs after %d warm-up:%n"
            + "  mean %.1f us, median %.1f us, p99 %.1f us, max %.1f us (checksum %.0f)%n",
        pairs, warm, mean / 1e3, samples[pairs / 2] / 1e3, samples[(int) (pairs * 0.99)] / 1e3,
        samples[pairs - 1] / 1e3, sink);
  }
}
