package io.virtpath.lab;

import io.virtpath.core.record.Manifest;
import io.virtpath.lab.target.LabTarget;
import io.virtpath.lab.target.TargetRun;
import io.virtpath.runner.BenchmarkPlan;
import io.virtpath.runner.BenchmarkSet;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lab's console: which target runs, in which phase, done/total, elapsed and ETA; the inner
 * run's own progress lines are forwarded with the target's name in front.
 *
 * <p>The ETA starts from the profile's arithmetic (a guest under TCG counted as several hosts) and
 * switches to the measured time of the same kind of target as soon as one has finished.
 */
final class LabProgress {
  private final PrintStream out;
  private final int total;
  private final double hostEstimate;
  private final Map<String, String> kindOf = new HashMap<>();
  private final Map<String, Double> measured = new HashMap<>();
  private final Map<String, Integer> doneByKind = new HashMap<>();
  private final boolean tcg;
  private final boolean shared;
  private final Double budgetSeconds;
  private final List<LabTarget> targets;
  private final int rounds;
  private final long start = System.nanoTime();
  private int done;

  LabProgress(PrintStream out, LabOptions o, List<LabTarget> targets, Accelerator accel) {
    this.out = out;
    this.targets = targets;
    this.rounds = o.rounds();
    this.total = targets.size() * o.rounds();
    this.tcg = accel != null && accel.isTcg();
    this.shared = o.inner() == null && o.sharedJvm();
    this.budgetSeconds = o.budget() == null ? null : (double) o.budget().toSeconds();
    // a JVM per fork costs about a second on a host; a shared JVM only sets each benchmark up
    double perFork = o.profile().warmupIterations() * o.profile().warmupMillis() / 1000.0
        + o.profile().measurementIterations() * o.profile().measurementMillis() / 1000.0 + (shared ? 0.3 : 1.0);
    double sum = 0;
    for (BenchmarkPlan.Item i : BenchmarkPlan.of(o.suites()).only(o.inner() == null ? o.set() : BenchmarkSet.ALL).items()) {
      sum += i.modes().size() * (shared ? 1 : o.profile().forks()) * perFork;
    }
    this.hostEstimate = sum;
    for (LabTarget t : targets) {
      kindOf.put(t.spec().name(), t.spec().kind().id());
    }
  }

  synchronized void starting(String label, int round) {
    // with a budget the rounds are a ceiling: the ETA is at most what is left of the budget
    double eta = budgetSeconds == null ? eta() : Math.max(0, Math.min(eta(), budgetSeconds - elapsed()));
    out.printf(Locale.ROOT, "[round %d/%s%d, target %d/%s%d] %s  elapsed %s, ETA %s%n", round,
        budgetSeconds == null ? "" : "<=", rounds, done + 1, budgetSeconds == null ? "" : "<=", total, label,
        clock(elapsed()), clock(eta));
    out.flush();
  }

  synchronized void phase(String label, String line) {
    out.println("  " + label + ": " + line.strip());
    out.flush();
  }

  synchronized void finished(String label, Manifest.TargetEntry e, TargetRun run) {
    done++;
    String kind = kindOf.getOrDefault(label.replaceAll("\\.r\\d+$", ""), "host");
    measured.putIfAbsent(kind, run.seconds());
    doneByKind.merge(kind, 1, Integer::sum);
    out.printf(Locale.ROOT, "  %s: %s, %d/%d benchmarks in %s%s%s%n", label, e.status().json(), e.benchmarksDone(),
        e.benchmarksPlanned(), clock(run.seconds()),
        run.bootSeconds() == null ? "" : String.format(Locale.ROOT, " (guest boot %.1f s)", run.bootSeconds()),
        e.reason() == null ? "" : " -- " + e.reason());
    out.flush();
  }

  private double elapsed() {
    return (System.nanoTime() - start) / 1e9;
  }

  /** Targets not run yet, by kind (rounds shuffle the order, not the mix), times their estimate. */
  private double eta() {
    Map<String, Integer> left = new HashMap<>();
    for (LabTarget t : targets) {
      left.merge(t.spec().kind().id(), rounds, Integer::sum);
    }
    doneByKind.forEach((kind, n) -> left.merge(kind, -n, Integer::sum));
    double remaining = 0;
    for (Map.Entry<String, Integer> e : left.entrySet()) {
      remaining += Math.max(0, e.getValue()) * estimate(e.getKey());
    }
    return remaining;
  }

  private double estimate(String kind) {
    Double m = measured.get(kind);
    if (m != null) {
      return m;
    }
    return switch (kind) {
      // TCG: a shared JVM spends about 1 s more per benchmark than the host, plus ~45 s for boot,
      // JVM start and the test file (measured 2026-11-30); a JVM per benchmark about 6 times the host
      case "qemu" -> tcg ? (shared ? hostEstimate * 2.5 + 45 : hostEstimate * 6 + 30) : hostEstimate * 1.3 + 10;
      case "container" -> hostEstimate * 1.1 + 5;
      default -> hostEstimate;
    };
  }

  static String clock(double seconds) {
    return io.virtpath.runner.Progress.clock(seconds);
  }
}
