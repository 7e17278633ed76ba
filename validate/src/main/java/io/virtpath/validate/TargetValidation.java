package io.virtpath.validate;

import java.util.List;

/**
 * A target's validation.json: what ran where, and one result per pair.
 *
 * @param virtualization what the fingerprint says this target is ("kvm", "container", "none", ...)
 * @param order per round, the pairs in the order they ran and whether virtpath's side went first
 */
public record TargetValidation(
    String label,
    String profile,
    int roundsPlanned,
    long seed,
    String virtualization,
    String warmup,
    String measurement,
    List<RoundOrder> order,
    List<PairResult> pairs) {

  /** @param virtpathFirst true when virtpath's side ran first in every pair of this round */
  public record RoundOrder(int round, List<String> pairs, boolean virtpathFirst) {}
}
