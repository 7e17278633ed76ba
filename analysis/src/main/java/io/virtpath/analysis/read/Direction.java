package io.virtpath.analysis.read;

/** Which way is better for a score: decided from its unit, not from the mode name. */
public enum Direction {
  /** ops per time unit: throughput, IOPS, MB/s. */
  HIGHER_IS_BETTER,
  /** time per op: average time, sample time, single shot. */
  LOWER_IS_BETTER,
  /** anything else (B/op, counts, events): a ratio is shown, but never called slower or faster. */
  UNKNOWN;

  public String json() {
    return switch (this) {
      case HIGHER_IS_BETTER -> "higher-is-better";
      case LOWER_IS_BETTER -> "lower-is-better";
      case UNKNOWN -> "unknown";
    };
  }
}
