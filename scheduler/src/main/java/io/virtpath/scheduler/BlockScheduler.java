package io.virtpath.scheduler;

import io.virtpath.analysis.stats.SequentialComparison;
import io.virtpath.analysis.stats.SequentialRule;
import io.virtpath.core.agent.AgentClient;
import io.virtpath.core.agent.AgentMessages.AgentBlock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs paired blocks over long-lived agents until each comparison is decided: a block is one
 * benchmark measured on every target it still needs, back to back, in a seeded random order; a
 * pass is every benchmark once, in a seeded random order; after each pass every undecided
 * comparison looks at its paired log cost ratios ({@link SequentialRule}: valid under repeated
 * looks). The targets of a block are seconds apart, so the drift of a machine over minutes, which
 * moves all of them alike, cancels in each pair instead of widening every interval.
 *
 * <p>The budget goes where it decides something: a block leaves out every target whose
 * comparisons of that benchmark are all decided, and a benchmark with nothing left to decide is
 * not measured again. No block starts that the budget cannot pay for at the times measured so far.
 * An agent that fails is given up (its reason kept) and only its comparisons stop; one that
 * refuses a single request loses that block only.
 */
public final class BlockScheduler {
  /** Extra blocks {@code outlook} tries before it says "more than that". */
  static final int OUTLOOK_CAP = 2000;
  /** The method's name in blocks.json. */
  static final String METHOD = "repeated confidence intervals (Jennison & Turnbull 1989), paired t on log cost ratios, "
      + "Bonferroni spending alpha*6/(pi^2 j^2) over looks j = 1, 2, ...";

  private final BlockPlan plan;
  private final Map<String, TargetAgent> agents = new LinkedHashMap<>();
  private final Consumer<String> console;
  private final Consumer<BlocksJson> written;
  private final LongSupplier nanos;
  private final Random order;
  private final Map<String, Map<String, SequentialComparison>> comparisons = new LinkedHashMap<>();
  private final Map<String, Integer> decidedAt = new LinkedHashMap<>();
  /**
   * Each undecided comparison's outlook as of its latest look: it changes only when a look is made
   * (after a pass), while the record is written after every block, and working it out tries up to
   * {@link #OUTLOOK_CAP} t quantiles per comparison.
   */
  private final Map<String, SequentialRule.Outlook> outlooks = new LinkedHashMap<>();
  /** Seconds one target took for one benchmark, last time: what a block is expected to cost. */
  private final Map<String, Double> blockSeconds = new LinkedHashMap<>();
  private final Map<String, String> dead = new LinkedHashMap<>();
  private final List<BlocksJson.Pass> passes = new ArrayList<>();
  private final long t0;
  private volatile String interruption;

  /**
   * @param console one line per pass (elapsed, undecided, widest interval)
   * @param written the record after every block, to be written to disk
   * @param nanos the clock (System::nanoTime; a test's own)
   */
  public BlockScheduler(BlockPlan plan, List<TargetAgent> targets, Consumer<String> console,
      Consumer<BlocksJson> written, LongSupplier nanos) {
    this.plan = plan;
    for (TargetAgent t : targets) {
      agents.put(t.name(), t);
    }
    for (String t : plan.targets()) {
      if (!agents.containsKey(t)) {
        throw new IllegalArgumentException("the comparisons name target " + t + ", which has no agent");
      }
    }
    this.console = console;
    this.written = written;
    this.nanos = nanos;
    this.order = new Random(plan.seed());
    for (BlockPlan.Benchmark b : plan.benchmarks()) {
      Map<String, SequentialComparison> m = new LinkedHashMap<>();
      plan.comparisons().forEach(c -> m.put(c.label(), new SequentialComparison(plan.rule())));
      comparisons.put(b.name(), m);
    }
    this.t0 = nanos.getAsLong();
  }

  /** Ctrl-C: no new block starts; the one under way ends and is kept. */
  public void interrupt(String why) {
    interruption = why;
  }

  /** Runs passes until decided, the fixed passes are done, the budget ends or no target is left. */
  public BlocksJson run() throws InterruptedException {
    String stopped = null;
    for (int pass = 1; stopped == null; pass++) {
      stopped = pass(pass);
      // a pass cut short (budget, Ctrl-C) still gets its look: its blocks are paired and count
      String after = afterPass(pass);
      if (stopped == null) {
        stopped = after;
      }
    }
    BlocksJson done = snapshot(stopped);
    written.accept(done);
    return done;
  }

  /** One pass; the reason to stop when it cannot go on, else null. */
  private String pass(int pass) throws InterruptedException {
    List<BlockPlan.Benchmark> benchmarks = new ArrayList<>(plan.benchmarks());
    Collections.shuffle(benchmarks, order);
    List<BlocksJson.Block> blocks = new ArrayList<>();
    passes.add(new BlocksJson.Pass(pass, seconds(), blocks));
    for (BlockPlan.Benchmark b : benchmarks) {
      if (interruption != null) {
        return interruption;
      }
      List<String> needed = needed(b);
      if (needed.size() < 2) {
        continue;
      }
      double expected = needed.stream().mapToDouble(t -> blockSeconds.getOrDefault(key(b, t), 0.0)).sum();
      if (seconds() + expected > plan.budget().toSeconds()) {
        return "budget";
      }
      Collections.shuffle(needed, order);
      blocks.add(block(b, needed));
      written.accept(snapshot(null));
    }
    return null;
  }

  private BlocksJson.Block block(BlockPlan.Benchmark b, List<String> targets) throws InterruptedException {
    double start = seconds();
    Map<String, AgentBlock> results = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (String t : targets) {
      if (dead.containsKey(t)) {
        failures.put(t, "given up earlier: " + dead.get(t));
        continue;
      }
      long s0 = nanos.getAsLong();
      try {
        results.put(t, agents.get(t).measure(b.name(), b.mode(), plan.blockLimit()));
      } catch (AgentClient.AgentError e) {
        failures.put(t, e.getMessage());
      } catch (IOException e) {
        failures.put(t, e.getMessage());
        dead.put(t, e.getMessage());
        console.accept("agent of " + t + " given up: " + e.getMessage() + "; its comparisons stop, the others go on");
      }
      blockSeconds.put(key(b, t), (nanos.getAsLong() - s0) / 1e9);
    }
    for (Comparison c : plan.comparisons()) {
      AgentBlock x = results.get(c.numerator());
      AgentBlock y = results.get(c.denominator());
      SequentialComparison sc = comparisons.get(b.name()).get(c.label());
      if (x != null && y != null && (plan.fixedPasses() > 0 || !sc.decided())) {
        if (b.rate()) {
          sc.addRates(x.score(), y.score());
        } else {
          sc.addCosts(x.score(), y.score());
        }
      }
    }
    return new BlocksJson.Block(b.name(), b.mode(), start, List.copyOf(targets), results, failures);
  }

  /** Looks at every undecided comparison; the reason to stop, else null. */
  private String afterPass(int pass) {
    int undecided = 0;
    int total = 0;
    String widest = null;
    double widestSpan = -1;
    for (BlockPlan.Benchmark b : plan.benchmarks()) {
      for (Comparison c : plan.comparisons()) {
        total++;
        SequentialComparison sc = comparisons.get(b.name()).get(c.label());
        boolean was = sc.decided();
        Optional<SequentialRule.Look> look = sc.look();
        if (!was && sc.decided()) {
          decidedAt.put(b.name() + " " + c.label(), pass);
        }
        if (sc.decided()) {
          outlooks.remove(b.name() + " " + c.label());
        } else {
          sc.outlook(OUTLOOK_CAP, 0).ifPresent(o -> outlooks.put(b.name() + " " + c.label(), o));
        }
        if (!sc.decided()) {
          undecided++;
          if (look.isPresent() && look.get().ciHigh() / look.get().ciLow() > widestSpan) {
            widestSpan = look.get().ciHigh() / look.get().ciLow();
            widest = String.format(Locale.ROOT, "[%.3g, %.3g] %s %s", look.get().ciLow(), look.get().ciHigh(),
                b.shortName(), c.label());
          }
        }
      }
    }
    console.accept(String.format(Locale.ROOT, "pass %d: %s elapsed, %d of %d comparisons undecided%s", pass,
        clock(seconds()), undecided, total, widest == null ? "" : "; widest interval " + widest));
    if (plan.fixedPasses() > 0) {
      return pass >= plan.fixedPasses() ? "passes" : null;
    }
    if (undecided == 0) {
      return "decided";
    }
    boolean any = plan.benchmarks().stream().anyMatch(b -> needed(b).size() >= 2);
    // what is left undecided needs a target that failed: no block can change it
    return any ? null : "undecidable: the rest needs a failed target";
  }

  /** The live targets whose comparisons of {@code b} are not all decided (all of them in a fixed design). */
  private List<String> needed(BlockPlan.Benchmark b) {
    List<String> out = new ArrayList<>();
    for (Comparison c : plan.comparisons()) {
      boolean open = plan.fixedPasses() > 0 || !comparisons.get(b.name()).get(c.label()).decided();
      if (open && !dead.containsKey(c.numerator()) && !dead.containsKey(c.denominator())) {
        for (String t : List.of(c.numerator(), c.denominator())) {
          if (!out.contains(t)) {
            out.add(t);
          }
        }
      }
    }
    return out;
  }

  private BlocksJson snapshot(String stopped) {
    List<BlocksJson.Decision> decisions = new ArrayList<>();
    for (BlockPlan.Benchmark b : plan.benchmarks()) {
      for (Comparison c : plan.comparisons()) {
        SequentialComparison sc = comparisons.get(b.name()).get(c.label());
        Optional<SequentialRule.Look> l = sc.latest();
        Double resolvable = null;
        Integer extra = null;
        Double minutes = null;
        SequentialRule.Outlook o = sc.decided() ? null : outlooks.get(b.name() + " " + c.label());
        if (o != null) {
          // the blocks' cost is the latest measured, so only the minutes are worked out here
          double perBlock = List.of(c.numerator(), c.denominator()).stream()
              .mapToDouble(t -> blockSeconds.getOrDefault(key(b, t), 0.0)).sum() / 60;
          resolvable = o.resolvable();
          extra = o.extraBlocks();
          minutes = o.beyondCap() ? null : o.extraBlocks() * perBlock;
        }
        decisions.add(new BlocksJson.Decision(b.name(), c.label(), sc.verdict().name().toLowerCase(Locale.ROOT),
            l.map(SequentialRule.Look::ratio).orElse(null), l.map(SequentialRule.Look::ciLow).orElse(null),
            l.map(SequentialRule.Look::ciHigh).orElse(null), l.map(SequentialRule.Look::level).orElse(null),
            sc.blocks(), sc.looks(), decidedAt.getOrDefault(b.name() + " " + c.label(), 0), resolvable, extra, minutes));
      }
    }
    return new BlocksJson(BlocksJson.FORMAT_VERSION, plan.seed(), METHOD, plan.rule().alpha(), plan.rule().margin(),
        plan.rule().minBlocks(), plan.fixedPasses(), plan.budget().toSeconds(), plan.targets(),
        plan.comparisons().stream().map(Comparison::label).toList(), List.copyOf(passes), decisions,
        Map.copyOf(dead), stopped, seconds());
  }

  private static String key(BlockPlan.Benchmark b, String target) {
    return b.name() + " " + target;
  }

  private double seconds() {
    return (nanos.getAsLong() - t0) / 1e9;
  }

  private static String clock(double s) {
    long t = Math.round(s);
    return String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
  }
}
