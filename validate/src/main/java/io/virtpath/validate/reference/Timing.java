package io.virtpath.validate.reference;

import io.virtpath.runner.Profile;

/**
 * How long each side warms up and measures in one round: the profile's JMH warm-up and measurement
 * time, so that the reference tool and virtpath's fork see the same amount of work.
 */
public record Timing(double warmupSeconds, double measureSeconds) {
  public static Timing of(Profile p) {
    return new Timing(p.warmupIterations() * p.warmupMillis() / 1000.0,
        p.measurementIterations() * p.measurementMillis() / 1000.0);
  }

  /** Whole seconds for tools that take no fractions (sockperf, iperf3): at least one. */
  public int wholeMeasureSeconds() {
    return (int) Math.max(1, Math.round(measureSeconds));
  }

  public int wholeWarmupSeconds() {
    return (int) Math.max(1, Math.round(warmupSeconds));
  }

  /** fio's time syntax: milliseconds. */
  static String millis(double seconds) {
    return Math.max(1, Math.round(seconds * 1000)) + "ms";
  }
}
