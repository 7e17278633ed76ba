package io.virtpath.scheduler;

import io.virtpath.core.agent.AgentMessages.AgentBlock;
import java.util.List;
import java.util.Map;

/**
 * {@code blocks.json}: every block the scheduler measured, raw, and every comparison's decision with
 * the interval it rests on. Written after every block (the last complete block survives a kill), so
 * that a reader can recompute each decision from the blocks.
 *
 * @param method the decision rule, named for the reader ("repeated confidence intervals, Bonferroni
 *     spending alpha*6/(pi^2 j^2)")
 * @param stopped why the scheduler stopped: "decided", "budget", "passes", "undecidable: ..." (what is left needs a
 *     failed target), or an interruption
 * @param dead targets whose agent was given up, with the reason
 */
public record BlocksJson(int formatVersion, long seed, String method, double alpha, double margin, int minBlocks,
    int fixedPasses, double budgetSeconds, List<String> targets, List<String> comparisons, List<Pass> passes,
    List<Decision> decisions, Map<String, String> dead, String stopped, double seconds) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE = "blocks.json";

  /** One pass: its benchmarks in the order they were measured, each a block. */
  public record Pass(int pass, double startSeconds, List<Block> blocks) {}

  /**
   * One benchmark measured on the targets it still needed, back to back.
   *
   * @param order the targets in the order they were measured (seeded shuffle)
   * @param results each target's block, raw; a target that failed this block has none
   * @param failures why a target has no block here
   */
  public record Block(String benchmark, String mode, double startSeconds, List<String> order,
      Map<String, AgentBlock> results, Map<String, String> failures) {}

  /**
   * A comparison of one benchmark, as the last look left it.
   *
   * @param verdict slower, faster, equivalent or undecided
   * @param level the level of the interval shown (1 - alpha_j of the deciding or latest look)
   * @param decidedAtPass the pass whose look decided it; 0 when undecided
   * @param resolvable undecided: the ratio distance from 1 the present interval resolves; null otherwise
   * @param extraBlocks undecided: estimated further blocks to decide at the spread seen (-1: more than the cap)
   * @param extraMinutes undecided: those blocks' estimated minutes
   */
  public record Decision(String benchmark, String comparison, String verdict, Double ratio, Double ciLow,
      Double ciHigh, Double level, int blocks, int looks, int decidedAtPass, Double resolvable, Integer extraBlocks,
      Double extraMinutes) {}
}
