package io.virtpath.analysis.stats;

import io.virtpath.analysis.stats.SequentialRule.Look;
import io.virtpath.analysis.stats.SequentialRule.Outlook;
import io.virtpath.analysis.stats.SequentialRule.Verdict;
import java.util.Arrays;
import java.util.Optional;

/**
 * One comparison (A against B, e.g. container against host) across passes: its paired log cost
 * ratios, the looks made so far, and the verdict once one is reached. A decided comparison stays
 * decided: its verdict and the interval it rests on are frozen at the look that decided them, and
 * later blocks are kept but neither looked at nor allowed to reopen it; looking again after a
 * decision would spend alpha on a question already answered, and re-deciding would let the
 * controller choose among verdicts. Not thread-safe: one controller feeds it.
 */
public final class SequentialComparison {
  private final SequentialRule rule;
  private double[] values = new double[16];
  private int n;
  private int looks;
  private Look last;
  private Look decided;

  public SequentialComparison(SequentialRule rule) {
    this.rule = rule;
  }

  /** One block's costs (ns/op, s/op): adds ln(costA) - ln(costB). */
  public void addCosts(double costA, double costB) {
    add(Math.log(positive(costA)) - Math.log(positive(costB)));
  }

  /** One block's rates (ops/s, MB/s): a rate is an inverse cost, so adds ln(rateB) - ln(rateA). */
  public void addRates(double rateA, double rateB) {
    add(Math.log(positive(rateB)) - Math.log(positive(rateA)));
  }

  /** One block's paired log cost ratio ln(cost A) - ln(cost B). */
  public void add(double logCostRatio) {
    if (!Double.isFinite(logCostRatio)) {
      throw new IllegalArgumentException("a paired log ratio is not finite: " + logCostRatio);
    }
    if (n == values.length) {
      values = Arrays.copyOf(values, 2 * n);
    }
    values[n++] = logCostRatio;
  }

  /**
   * The look after a pass. Once decided: the frozen look, and no new look is counted. Before
   * {@link SequentialRule#minBlocks()} blocks: empty, and no look is counted either (the look
   * index numbers only looks that happen). Otherwise the next look, which may decide.
   */
  public Optional<Look> look() {
    if (decided != null) {
      return Optional.of(decided);
    }
    if (n < rule.minBlocks()) {
      return Optional.empty();
    }
    last = rule.look(Arrays.copyOf(values, n), ++looks);
    if (last.verdict().decided()) {
      decided = last;
    }
    return Optional.of(last);
  }

  /** The latest look, or the frozen one once decided; empty before the first look. */
  public Optional<Look> latest() {
    return Optional.ofNullable(decided != null ? decided : last);
  }

  public Verdict verdict() {
    return decided != null ? decided.verdict() : Verdict.UNDECIDED;
  }

  public boolean decided() {
    return decided != null;
  }

  /** Blocks added so far, including those after the decision. */
  public int blocks() {
    return n;
  }

  /** Looks made so far: the index of the latest look. */
  public int looks() {
    return looks;
  }

  /** {@link SequentialRule#outlook} from the latest look; empty before the first look. */
  public Optional<Outlook> outlook(int cap, double minutesPerBlock) {
    return latest().map(l -> rule.outlook(l, cap, minutesPerBlock));
  }

  private static double positive(double score) {
    if (!(score > 0) || !Double.isFinite(score)) {
      throw new IllegalArgumentException("a score must be positive and finite, was " + score);
    }
    return score;
  }
}
