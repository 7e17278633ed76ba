package io.virtpath.analysis.stats;

/**
 * When to stop measuring a comparison that is measured in paired blocks and looked at after every
 * pass: repeated confidence intervals (Jennison and Turnbull, "Interim analyses: the repeated
 * confidence interval approach", JRSS B 51 (1989) 305-361; Group Sequential Methods with
 * Applications to Clinical Trials, 2000, ch. 9) with a Bonferroni spending of {@code alpha} over
 * an unbounded number of looks.
 *
 * <p>Each block gives one paired log cost ratio {@code d = ln(cost A) - ln(cost B)}; the ratio is
 * A/B of costs (ns/op, or 1/rate for ops/s), so a ratio above 1 means A costs more: A is
 * {@link Verdict#SLOWER}. Look {@code j} (j = 1, 2, ..., counting only looks that happen) shows the
 * paired Student-t interval of the mean of the n values of d, n - 1 degrees of freedom, at level
 * {@code 1 - alpha_j} with {@code alpha_j = alpha * 6 / (pi^2 j^2)}, exponentiated.
 *
 * <p>Why this is valid however many looks are taken: the alpha_j sum to alpha (sum 1/j^2 =
 * pi^2/6), and each interval alone misses the true ratio with probability at most alpha_j, so by
 * the union bound the chance that any interval ever shown misses it is at most alpha, whatever the
 * correlation between looks and whenever the controller stops. Every verdict is read from a shown
 * interval, so one bound covers a false slower or faster (an interval that excludes 1 when the
 * ratio is 1, or on the wrong side) and a false equivalent (an interval inside the margin when the
 * ratio is outside it) together. The bound needs the timing of the looks not to depend on the
 * values of d (one look per pass is fine; "look when it seems close" is not), independent blocks
 * and d roughly normal; autocorrelated blocks make every interval too narrow
 * (docs/methodology.md, "Sequential decisions: run until decided").
 *
 * <p>What it costs: the union bound ignores that consecutive looks share most of their data, so the
 * actual error is below alpha (0.025 to 0.033 of 0.05 over 60 looks in SequentialSimulationTest)
 * and each interval is wider than a 95 % one (at look 20, level 1 - 7.6e-5): at sd 0.2, showing
 * equivalence within 10 % takes about 109 blocks, where one 95 % interval sized in advance would
 * take 20 (but could be looked at only once). Tighter anytime-valid intervals for a normal mean with unknown variance exist
 * (Lai 1976; Wang and Ramdas 2023); this one was chosen because its every step is a textbook
 * t-interval.
 *
 * <p>{@code alpha} is per comparison; for a family of m comparisons read as a whole, pass alpha/m.
 *
 * @param alpha the chance, at most, that any interval ever shown misses the true ratio
 * @param margin equivalence margin m: "equivalent" means the interval lies inside [1/(1+m), 1+m]
 * @param minBlocks blocks before the first look; at least {@link Estimate#MIN_N}
 */
public record SequentialRule(double alpha, double margin, int minBlocks) {
  public static final double DEFAULT_ALPHA = 0.05;
  public static final double DEFAULT_MARGIN = 0.10;

  /** What a comparison concludes, for a ratio A/B of costs. */
  public enum Verdict {
    /** The interval lies above 1: A costs more than B. */
    SLOWER,
    /** The interval lies below 1: A costs less than B. */
    FASTER,
    /** The interval includes 1 and lies inside [1/(1+m), 1+m]: any difference is within the margin. */
    EQUIVALENT,
    /** Neither yet: more blocks are needed (see {@link SequentialRule#outlook}). */
    UNDECIDED;

    public boolean decided() {
      return this != UNDECIDED;
    }
  }

  /**
   * One look: the verdict and the interval it rests on.
   *
   * @param ratio exp(mean d): the geometric mean of the blocks' cost ratios
   * @param ciLow lower bound at {@code level}
   * @param ciHigh upper bound at {@code level}
   * @param level 1 - alpha_j: the level this look's interval is drawn at (never a nicer 95 %)
   * @param n the blocks behind it
   * @param look the look index j
   * @param sd standard deviation of d (n - 1 denominator)
   */
  public record Look(Verdict verdict, double ratio, double ciLow, double ciHigh, double level, int n, int look,
      double sd) {}

  /**
   * What an undecided comparison would take, at the spread observed so far.
   *
   * @param resolvable exp(half-width of the current interval on the log scale): a ratio closer to 1
   *     than this (in either direction) cannot be told from 1 at this look, even measured exactly
   * @param extraBlocks more blocks until the interval would exclude 1 or fit inside the margin,
   *     were the mean and sd to stay as they are; 0 when already decided, -1 when more than
   *     {@code cap}
   * @param cap the largest number of extra blocks tried
   * @param minutesPerBlock the caller's cost of one block
   */
  public record Outlook(double resolvable, int extraBlocks, int cap, double minutesPerBlock) {
    public boolean beyondCap() {
      return extraBlocks < 0;
    }

    /** extraBlocks times the cost of a block; NaN when beyond the cap. */
    public double minutes() {
      return beyondCap() ? Double.NaN : extraBlocks * minutesPerBlock;
    }
  }

  public SequentialRule {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }
    if (!(margin > 0) || !Double.isFinite(margin)) {
      throw new IllegalArgumentException("margin must be positive, was " + margin);
    }
    if (minBlocks < Estimate.MIN_N) {
      // below three values a t-interval is defined but too wide and too fragile to decide on
      throw new IllegalArgumentException("minBlocks must be at least " + Estimate.MIN_N + ", was " + minBlocks);
    }
  }

  /** alpha 0.05, margin 10 %, first look at 3 blocks. */
  public static SequentialRule defaults() {
    return new SequentialRule(DEFAULT_ALPHA, DEFAULT_MARGIN, Estimate.MIN_N);
  }

  /** The share of alpha spent at look j: alpha * 6 / (pi^2 j^2); these sum to alpha over j = 1, 2, .... */
  public double alphaAt(int look) {
    if (look < 1) {
      throw new IllegalArgumentException("looks count from 1, was " + look);
    }
    return alpha * 6 / (Math.PI * Math.PI * (double) look * look);
  }

  /**
   * Look {@code look} at the paired log cost ratios so far. The caller numbers the looks it makes,
   * one after another from 1, and makes none before {@link #minBlocks} blocks.
   */
  public Look look(double[] pairedLogRatios, int look) {
    int n = pairedLogRatios.length;
    if (n < minBlocks) {
      throw new IllegalArgumentException("a look needs " + minBlocks + " blocks, had " + n);
    }
    double mean = 0;
    for (double d : pairedLogRatios) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("a paired log ratio is not finite: " + d);
      }
      mean += d;
    }
    mean /= n;
    double ss = 0;
    for (double d : pairedLogRatios) {
      ss += (d - mean) * (d - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double a = alphaAt(look);
    double half = halfWidth(sd, n, look);
    double lo = mean - half;
    double hi = mean + half;
    return new Look(verdict(lo, hi), Math.exp(mean), Math.exp(lo), Math.exp(hi), 1 - a, n, look, sd);
  }

  /**
   * From log bounds: slower or faster when the interval excludes 1, else equivalent when it lies
   * inside the margin. An interval that does both (1.02 to 1.06 with a 10 % margin) is called
   * slower: the difference is real, and the interval shown beside it says it is small.
   */
  Verdict verdict(double logLow, double logHigh) {
    double limit = Math.log(1 + margin);
    if (logLow > 0) {
      return Verdict.SLOWER;
    }
    if (logHigh < 0) {
      return Verdict.FASTER;
    }
    if (logLow >= -limit && logHigh <= limit) {
      return Verdict.EQUIVALENT;
    }
    return Verdict.UNDECIDED;
  }

  /** Whether a look's interval lies inside the margin, whatever its verdict. */
  public boolean insideMargin(Look look) {
    return look.ciLow() >= 1 / (1 + margin) && look.ciHigh() <= 1 + margin;
  }

  /**
   * What {@code now} would take: its resolvable ratio, and the extra blocks until a decision if the
   * mean and sd of d stayed as observed. Each extra block is assumed to bring one more look (one
   * block per pass, a look after every pass), so block k is judged at n + k values and look index
   * {@code now.look() + k}, with that look's t quantile: the growing look index is paid for. Tried
   * up to {@code cap} extra blocks; beyond it the answer is "more than cap", not a guess.
   */
  public Outlook outlook(Look now, int cap, double minutesPerBlock) {
    double mean = Math.log(now.ratio());
    double resolvable = Math.exp(halfWidth(now.sd(), now.n(), now.look()));
    if (now.verdict().decided()) {
      return new Outlook(resolvable, 0, cap, minutesPerBlock);
    }
    for (int k = 1; k <= cap; k++) {
      double half = halfWidth(now.sd(), now.n() + k, now.look() + k);
      if (verdict(mean - half, mean + half).decided()) {
        return new Outlook(resolvable, k, cap, minutesPerBlock);
      }
    }
    return new Outlook(resolvable, -1, cap, minutesPerBlock);
  }

  /** t(n - 1, 1 - alpha_j / 2) * sd / sqrt(n), from the lower tail, which keeps tiny alpha_j precise. */
  private double halfWidth(double sd, int n, int look) {
    if (sd == 0) {
      return 0;
    }
    double q = -MathFactory.studentT(n - 1).inverseCumulativeProbability(alphaAt(look) / 2);
    return q * sd / Math.sqrt(n);
  }
}
