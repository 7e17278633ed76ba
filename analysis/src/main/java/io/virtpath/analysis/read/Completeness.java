package io.virtpath.analysis.read;

import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import java.util.Locale;
import java.util.Map;

/**
 * How complete an input is, as its run record says: a run or lab as a whole (manifest.json's
 * {@code status} and {@code reason}) or one target of it ({@code targets[]}: status, reason,
 * counts and the benchmarks that failed). Plain JMH, fio and iperf3 files record nothing:
 * {@link #UNRECORDED}. Every output shows the incomplete ones, so that a partial run is never read
 * as a whole one.
 *
 * @param planned benchmarks the target meant to run (0 when not recorded, e.g. for a whole lab)
 * @param done benchmarks with a result
 * @param failed benchmark (fully qualified method) to the first line of its error
 */
public record Completeness(State state, String reason, int planned, int done, Map<String, String> failed) {

  /** The record's status; {@code running} read later is {@link #KILLED}. */
  public enum State {
    COMPLETE,
    PARTIAL,
    FAILED,
    /**
     * The manifest still says {@code running}: the writer died (SIGKILL, power loss) before it
     * could seal the record. The files are valid up to the last finished benchmark.
     */
    KILLED,
    /** Not a run record: nothing says whether it is complete. */
    UNRECORDED;

    /** {@code complete}, {@code partial}, {@code failed}, {@code killed}; null when unrecorded. */
    public String json() {
      return this == UNRECORDED ? null : name().toLowerCase(Locale.ROOT);
    }
  }

  public static final Completeness UNRECORDED = new Completeness(State.UNRECORDED, null, 0, 0, Map.of());

  public Completeness {
    failed = failed == null ? Map.of() : Map.copyOf(failed);
  }

  /** The whole run or lab, from its manifest. */
  public static Completeness ofRun(Manifest m) {
    return new Completeness(state(m.status()), m.reason(), 0, 0, Map.of());
  }

  /** One target of a run record, from its {@code targets[]} entry. */
  public static Completeness ofTarget(Manifest.TargetEntry e) {
    return new Completeness(state(e.status()), e.reason(), e.benchmarksPlanned(), e.benchmarksDone(),
        e.failedBenchmarks());
  }

  private static State state(RunStatus s) {
    if (s == null) {
      return State.UNRECORDED;
    }
    return switch (s) {
      case RUNNING -> State.KILLED;
      case COMPLETE -> State.COMPLETE;
      case PARTIAL -> State.PARTIAL;
      case FAILED -> State.FAILED;
    };
  }

  /** A target the manifest lists whose jmh.json is not there: whatever the status says, no results. */
  public Completeness withoutResults(String why) {
    if (state == State.FAILED || state == State.KILLED) {
      return reason == null ? new Completeness(state, why, planned, done, failed) : this;
    }
    return new Completeness(State.FAILED, reason == null ? why : reason + "; " + why, planned, 0, failed);
  }

  public boolean incomplete() {
    return state == State.PARTIAL || state == State.FAILED || state == State.KILLED;
  }

  /** The word next to an incomplete target's label in tables and legends; empty when complete. */
  public String tag() {
    return incomplete() ? state.json() : "";
  }

  /** The label with its tag: {@code c1 [partial]}; the label alone when complete. */
  public String mark(String label) {
    return incomplete() ? label + " [" + tag() + "]" : label;
  }

  /**
   * One line for people: {@code partial: 2 of 26 benchmarks failed: [...]}, {@code killed while
   * running: ...}.
   */
  public String describe() {
    String counts = planned > 0 ? done + " of " + planned + " benchmarks done" : null;
    String head = state == State.KILLED
        ? "killed while running (the record was never sealed: its manifest still says running)"
        : state.json();
    StringBuilder b = new StringBuilder(head == null ? "not recorded" : head);
    if (reason != null && !reason.isBlank()) {
      b.append(": ").append(reason);
    } else if (counts != null && incomplete()) {
      b.append(": ").append(counts);
    }
    return b.toString();
  }

  /** The first line of the error of a benchmark (fully qualified method) that failed, or null. */
  public String failure(String benchmark) {
    return failed.get(benchmark);
  }

  /** Planned benchmarks that neither have a result nor failed: never started. */
  public int neverStarted() {
    return Math.max(0, planned - done - failed.size());
  }
}
