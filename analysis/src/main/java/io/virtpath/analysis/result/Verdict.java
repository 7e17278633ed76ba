package io.virtpath.analysis.result;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a comparison concludes about one benchmark, B against A. */
public enum Verdict {
  /** B is significantly better, by more than the noise threshold. */
  FASTER,
  /** B is significantly worse, by more than the noise threshold: a regression. */
  SLOWER,
  /** Not significant, or significant but smaller than the threshold. */
  NO_CHANGE,
  /** No test possible: too few replicates, or units that do not convert. */
  INCONCLUSIVE,
  /** One side has no result: the benchmark failed there, or did not run (interrupted, killed, absent). */
  MISSING;

  @JsonValue
  public String json() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
