package io.virtpath.validate;

import java.util.List;

/**
 * A target's validation.json: what ran where, and one result per pair.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; 0 when read from a file written before it had one
 * @param virtualization what the fingerprint says this target is ("kvm", "container", "none", ...)
 * @param order per round, the pairs in the order they ran and whether virtpath's side went first
 */
public record TargetValidation(
    int formatVersion,
    String label,
    String profile,
    int roundsPlanned,
    long seed,
    String virtualization,
    String warmup,
    String measurement,
    List<RoundOrder> order,
    List<PairResult> pairs) {

  public static final int FORMAT_VERSION = 1;

  /** @param virtpathFirst true when virtpath's side ran first in every pair of this round */
  public record RoundOrder(int round, List<String> pairs, boolean virtpathFirst) {}
}
