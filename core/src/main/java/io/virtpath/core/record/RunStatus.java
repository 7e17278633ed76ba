package io.virtpath.core.record;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a run (or one target of it) ended. */
public enum RunStatus {
  /** Started, not finished yet: what a reader sees if the process died without a trace. */
  RUNNING,
  /** Every planned benchmark produced a result. */
  COMPLETE,
  /** Some benchmarks produced results, then the run was interrupted or some benchmarks failed. */
  PARTIAL,
  /** No usable result. */
  FAILED;

  @JsonValue
  public String json() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
