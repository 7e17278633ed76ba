package io.virtpath.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.stats.SequentialRule.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Does the sequential rule keep its promise when the controller looks after every block? Each
 * scenario runs {@value #EXPERIMENTS} sequential experiments (fixed seeds: the test is
 * deterministic), each a {@link SequentialComparison} fed one paired log cost ratio per block and
 * looked at after every block from the third, up to {@value #MAX_LOOKS} looks (62 blocks), stopped
 * at its decision. The table it prints is the one in docs/methodology.md, "Sequential decisions".
 *
 * <p>Asserted for normal d: false slower/faster at ratio 1, and false equivalent at ratios outside
 * the margin, each at most alpha plus a Monte Carlo allowance of three binomial standard errors at
 * alpha (0.05 + 3 * sqrt(0.05 * 0.95 / 2000) = 0.0646); and equivalence reached at ratio 1 with a
 * small spread. Heavy tails (Student t, 3 df) and autocorrelation (AR(1), phi = 0.3) are printed,
 * and held only to what was measured, because the rule's bound assumes neither.
 */
class SequentialSimulationTest {
  static final int EXPERIMENTS = 2000;
  static final int MAX_LOOKS = 60;
  static final double ALPHA = 0.05;
  static final double ALLOWANCE = 3 * Math.sqrt(ALPHA * (1 - ALPHA) / EXPERIMENTS);
  static final double MARGIN = 0.10;

  enum Shape {
    NORMAL("normal"), T3("t, 3 df"), AR1("AR(1), phi 0.3");

    final String label;

    Shape(String label) {
      this.label = label;
    }
  }

  record Scenario(double ratio, double sd, Shape shape) {}

  /**
   * @param blocks blocks at decision per experiment, sorted; {@code Integer.MAX_VALUE} when undecided
   */
  record Outcome(Scenario scenario, int slower, int faster, int equivalent, int undecided, int[] blocks) {
    double rate(int count) {
      return count / (double) EXPERIMENTS;
    }

    /** Calls the truth contradicts: a direction at ratio 1, the wrong direction, equivalence outside the margin. */
    int falseCalls() {
      double r = scenario.ratio;
      if (r == 1) {
        return slower + faster;
      }
      return faster + (r > 1 + MARGIN ? equivalent : 0);
    }

    /** Nearest-rank quantile of blocks to decision, undecided experiments counted as never. */
    String blocksQuantile(double p) {
      int b = blocks[(int) Math.ceil(p * EXPERIMENTS) - 1];
      return b == Integer.MAX_VALUE ? ">" + (MAX_LOOKS + 2) : Integer.toString(b);
    }
  }

  static final List<Outcome> OUTCOMES = new ArrayList<>();

  @BeforeAll
  static void simulate() {
    List<Scenario> scenarios = new ArrayList<>();
    for (double sd : new double[] {0.05, 0.2, 0.5}) {
      for (double r : new double[] {1.0, 1.05, 1.10, 1.20, 1.30, 2.0}) {
        scenarios.add(new Scenario(r, sd, Shape.NORMAL));
      }
    }
    for (Shape shape : new Shape[] {Shape.T3, Shape.AR1}) {
      for (double r : new double[] {1.0, 1.20, 1.30}) {
        scenarios.add(new Scenario(r, 0.2, shape));
      }
    }
    SequentialRule rule = new SequentialRule(ALPHA, MARGIN, 3);
    for (int i = 0; i < scenarios.size(); i++) {
      OUTCOMES.add(run(scenarios.get(i), rule, new SplittableRandom(20_260_000L + i)));
    }
    System.out.println(table());
    System.out.println(planning(rule));
  }

  /**
   * Blocks to a decision were the mean and sd of d known and equal to the truth: a first look at
   * three blocks whose mean and sd are exactly the scenario's (mu - sd, mu, mu + sd), then its
   * outlook. A planning figure, with no sampling noise.
   */
  static int plannedBlocks(SequentialRule rule, double ratio, double sd) {
    double mu = Math.log(ratio);
    var first = rule.look(new double[] {mu - sd, mu, mu + sd}, 1);
    var outlook = rule.outlook(first, PLANNING_CAP, 1);
    return outlook.beyondCap() ? -1 : 3 + outlook.extraBlocks();
  }

  static final int PLANNING_CAP = 5000;

  static String planning(SequentialRule rule) {
    StringBuilder sb = new StringBuilder("Blocks to a decision at the true mean and sd (outlook from look 1):\n\n");
    double[] ratios = {1.0, 1.05, 1.10, 1.20, 1.30, 2.0};
    sb.append("| sd of d |");
    for (double r : ratios) {
      sb.append(String.format(Locale.ROOT, " %.2f |", r));
    }
    sb.append(" one 95 % interval, 1.00 |\n|---|---|---|---|---|---|---|---|\n");
    for (double sd : new double[] {0.05, 0.2, 0.5}) {
      sb.append(String.format(Locale.ROOT, "| %.2f |", sd));
      for (double r : ratios) {
        int b = plannedBlocks(rule, r, sd);
        sb.append(' ').append(b < 0 ? ">" + (PLANNING_CAP + 3) : Integer.toString(b)).append(" |");
      }
      sb.append(' ').append(fixedBlocks(sd)).append(" |\n");
    }
    return sb.toString();
  }

  /**
   * For comparison, not a valid sequential rule: the blocks one 95 % t-interval, looked at once
   * with the sd known in advance, needs to fit inside the margin at ratio 1.
   */
  static int fixedBlocks(double sd) {
    int n = 3;
    while (new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n) > Math.log(1 + MARGIN)) {
      n++;
    }
    return n;
  }

  static Outcome run(Scenario s, SequentialRule rule, SplittableRandom rnd) {
    int[] counts = new int[Verdict.values().length];
    int[] blocks = new int[EXPERIMENTS];
    double mu = Math.log(s.ratio);
    for (int e = 0; e < EXPERIMENTS; e++) {
      SequentialComparison c = new SequentialComparison(rule);
      Noise noise = new Noise(s, rnd);
      while (!c.decided() && c.looks() < MAX_LOOKS) {
        c.add(mu + noise.next());
        c.look();
      }
      counts[c.verdict().ordinal()]++;
      blocks[e] = c.decided() ? c.blocks() : Integer.MAX_VALUE;
    }
    Arrays.sort(blocks);
    return new Outcome(s, counts[Verdict.SLOWER.ordinal()], counts[Verdict.FASTER.ordinal()],
        counts[Verdict.EQUIVALENT.ordinal()], counts[Verdict.UNDECIDED.ordinal()], blocks);
  }

  /** Centred noise with standard deviation {@code sd}, in the scenario's shape. */
  static final class Noise {
    private final Scenario s;
    private final SplittableRandom rnd;
    private double previous = Double.NaN;

    Noise(Scenario s, SplittableRandom rnd) {
      this.s = s;
      this.rnd = rnd;
    }

    double next() {
      return switch (s.shape) {
        case NORMAL -> s.sd * normal();
        // t(3) has variance 3: scaled by 1/sqrt(3) to the scenario's sd
        case T3 -> s.sd / Math.sqrt(3) * normal() / Math.sqrt(chiSquare3() / 3);
        // stationary from the first block: x_0 ~ N(0, sd^2), innovations of sd * sqrt(1 - phi^2)
        case AR1 -> previous = Double.isNaN(previous) ? s.sd * normal()
            : 0.3 * previous + s.sd * Math.sqrt(1 - 0.09) * normal();
      };
    }

    private double chiSquare3() {
      double a = normal();
      double b = normal();
      double c = normal();
      return a * a + b * b + c * c;
    }

    /** Box-Muller: two uniforms to one standard normal. */
    private double normal() {
      double u = 1 - rnd.nextDouble();
      double v = rnd.nextDouble();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
  }

  static String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%d experiments per row, up to %d looks (blocks 3..%d), alpha %.2f, "
        + "margin %.0f %%%n%n", EXPERIMENTS, MAX_LOOKS, MAX_LOOKS + 2, ALPHA, MARGIN * 100));
    sb.append("| true ratio | sd of d | d | slower | faster | equivalent | undecided | false calls | median blocks | p90 blocks |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Outcome o : OUTCOMES) {
      Scenario s = o.scenario;
      sb.append(String.format(Locale.ROOT, "| %.2f | %.2f | %s | %.4f | %.4f | %.4f | %.4f | %.4f | %s | %s |%n",
          s.ratio, s.sd, s.shape.label, o.rate(o.slower), o.rate(o.faster), o.rate(o.equivalent),
          o.rate(o.undecided), o.rate(o.falseCalls()), o.blocksQuantile(0.5), o.blocksQuantile(0.9)));
    }
    return sb.toString();
  }

  private static List<Outcome> where(Shape shape, java.util.function.DoublePredicate ratio) {
    return OUTCOMES.stream().filter(o -> o.scenario.shape == shape && ratio.test(o.scenario.ratio)).toList();
  }

  @Test
  void noDirectionIsCalledWhenThereIsNone() {
    for (Outcome o : where(Shape.NORMAL, r -> r == 1)) {
      double rate = o.rate(o.slower + o.faster);
      assertTrue(rate <= ALPHA + ALLOWANCE, "false slower/faster " + rate + " in " + o.scenario);
    }
  }

  @Test
  void noEquivalenceIsCalledOutsideTheMargin() {
    for (Outcome o : where(Shape.NORMAL, r -> r > 1 + MARGIN)) {
      double rate = o.rate(o.equivalent + o.faster);
      assertTrue(rate <= ALPHA + ALLOWANCE, "false equivalent or faster " + rate + " in " + o.scenario);
    }
  }

  @Test
  void noWrongDirectionInsideTheMargin() {
    for (Outcome o : where(Shape.NORMAL, r -> r > 1 && r <= 1 + MARGIN)) {
      assertTrue(o.rate(o.faster) <= ALPHA + ALLOWANCE, "faster at a ratio above 1 in " + o.scenario);
    }
  }

  @Test
  void equivalenceIsReachedWithASmallSpread() {
    Outcome o = where(Shape.NORMAL, r -> r == 1).getFirst();
    assertTrue(o.scenario.sd == 0.05);
    assertTrue(o.rate(o.equivalent) >= 1 - ALPHA - ALLOWANCE, "equivalent " + o.rate(o.equivalent));
    assertTrue(o.undecided == 0, "every A/A experiment with sd 0.05 decides within " + MAX_LOOKS + " looks");
  }

  @Test
  void heavyTailsKeepTheBound() {
    // measured, not promised: the t-interval is robust to symmetric heavy tails
    Outcome o = where(Shape.T3, r -> r == 1).getFirst();
    assertTrue(o.rate(o.slower + o.faster) <= ALPHA + ALLOWANCE, "t3 false slower/faster " + o.rate(o.slower + o.faster));
  }

  @Test
  void autocorrelationBreaksTheBound() {
    // the caveat in docs/methodology.md, held to what was measured: with phi = 0.3 the sd of a
    // mean is sqrt((1 + phi) / (1 - phi)) = 1.36 times what independent blocks would give, and the
    // false slower/faster rate at ratio 1 exceeds alpha
    Outcome o = where(Shape.AR1, r -> r == 1).getFirst();
    assertTrue(o.rate(o.slower + o.faster) > ALPHA, "AR(1) false slower/faster " + o.rate(o.slower + o.faster));
  }

  @Test
  void largeDifferencesAreCalledQuickly() {
    for (Outcome o : where(Shape.NORMAL, r -> r == 2.0)) {
      assertTrue(o.rate(o.slower) >= 0.99, "2x slower found in " + o.scenario + ": " + o.rate(o.slower));
    }
  }
}
