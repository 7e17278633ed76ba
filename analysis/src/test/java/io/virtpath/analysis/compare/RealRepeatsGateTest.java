package io.virtpath.analysis.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.result.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The regression gate ({@code compare --fail-on-regression}: {@link CompareOutcome#hasRegression})
 * on real repeated runs (RealRepeats). Two runs of the same configuration must never be called
 * slower or faster, with one fork per side or three. The same benchmarks interpreted (-Xint) must
 * be called slower wherever the slowdown is beyond {@link ForkVariationTest#ONE_FORK_BOUND}, the
 * most that same-configuration forks were seen to differ by (with a margin), and the gate must
 * then fail; a smaller slowdown may be slower or inconclusive, never "no change" or "faster".
 */
class RealRepeatsGateTest {
  /** The JIT-compiled benchmarks, which -Xint slows. */
  static final Set<String> SLOWED_BY_XINT = Set.of("JMHSample_01_HelloWorld.wellHelloThere [thrpt]",
      "JMHSample_08_DeadCode.measureRight [avgt]", "Maps.test [avgt]");
  /** Thread.sleep(100): the interpreter cannot slow a sleep, so for it -Xint is the same configuration. */
  static final String SLEEPS = "JMHSample_02_BenchmarkModes.measureSamples [sample]";

  private static CompareOutcome compare(Path a, Path b) {
    return new Comparer(Settings.DEFAULTS).compare(a.toString(), RealRepeats.load(a), b.toString(),
        RealRepeats.load(b));
  }

  /** {@code Class.method [mode]}, as RealRepeats names benchmarks. */
  private static String name(CompareResult r) {
    String b = r.benchmark();
    return b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1) + " [" + r.mode() + "]";
  }

  @Test
  void oneForkRunsOfTheSameConfigurationAreNeverSlowerOrFaster() {
    assertNoFalseAlarm(RealRepeats.ONE_FORK);
  }

  @Test
  void threeForkRunsOfTheSameConfigurationAreNeverSlowerOrFaster() {
    assertNoFalseAlarm(RealRepeats.THREE_FORKS);
  }

  @Test
  void interpretedOneForkRunsAreSlowerBeyondTheBoundAndFailTheGate() {
    assertXintCaught(RealRepeats.ONE_FORK, RealRepeats.XINT_ONE_FORK);
  }

  @Test
  void interpretedThreeForkRunsAreSlowerBeyondTheBoundAndFailTheGate() {
    assertXintCaught(RealRepeats.THREE_FORKS, RealRepeats.XINT_THREE_FORKS);
  }

  /**
   * Every pair of runs of one set: no result slower or faster. The message counts what the gate
   * would have done (pairs failed, results called, intervals excluding 1): the false-alarm rate.
   */
  private static void assertNoFalseAlarm(String set) {
    List<Path> runs = RealRepeats.runs(set);
    int pairs = 0;
    int gateFailed = 0;
    int results = 0;
    int excludingOne = 0;
    List<String> called = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      for (int j = i + 1; j < runs.size(); j++) {
        CompareOutcome o = compare(runs.get(i), runs.get(j));
        pairs++;
        if (o.hasRegression()) {
          gateFailed++;
        }
        for (CompareResult r : o.results()) {
          results++;
          if (r.ratioCiLow() != null && r.ratioCiHigh() != null && (r.ratioCiLow() > 1 || r.ratioCiHigh() < 1)) {
            excludingOne++;
          }
          if (r.verdict() == Verdict.SLOWER || r.verdict() == Verdict.FASTER) {
            called.add(runs.get(i).getFileName() + " vs " + runs.get(j).getFileName() + ": " + describe(r));
          }
        }
      }
    }
    String summary = set + ": the gate failed " + gateFailed + " of " + pairs + " same-configuration pairs; "
        + called.size() + " of " + results + " results slower/faster; " + excludingOne + " of " + results
        + " ratio intervals exclude 1";
    System.out.println(summary);
    assertTrue(called.isEmpty() && gateFailed == 0, summary + ":\n  " + String.join("\n  ", called));
  }

  /**
   * Every JIT run against every -Xint run, both ways round. With the interpreted run as B: a
   * slowed benchmark whose cost ratio exceeds the bound is slower, and the gate fails; below the
   * bound it is slower or inconclusive. With the interpreted run as A, the same with faster, and
   * the gate passes. The sleeping benchmark is never called either way.
   */
  private static void assertXintCaught(String jitSet, String xintSet) {
    double bound = ForkVariationTest.ONE_FORK_BOUND;
    int pairs = 0;
    int beyond = 0;
    int caught = 0;
    List<String> wrong = new ArrayList<>();
    for (Path jit : RealRepeats.runs(jitSet)) {
      for (Path xint : RealRepeats.runs(xintSet)) {
        Map<String, Double> slowdown = slowdowns(jit, xint);
        for (boolean xintIsB : new boolean[] {true, false}) {
          CompareOutcome o = xintIsB ? compare(jit, xint) : compare(xint, jit);
          String pair = xintIsB ? jitSet + "/" + jit.getFileName() + " -> " + xintSet + "/" + xint.getFileName()
              : xintSet + "/" + xint.getFileName() + " -> " + jitSet + "/" + jit.getFileName();
          Verdict expected = xintIsB ? Verdict.SLOWER : Verdict.FASTER;
          assertEquals(everyBenchmark(), o.results().stream().map(RealRepeatsGateTest::name)
              .collect(Collectors.toSet()), "the fixtures' benchmarks");
          boolean anyBeyond = false;
          for (CompareResult r : o.results()) {
            String n = name(r);
            boolean ok;
            if (n.equals(SLEEPS)) {
              ok = r.verdict() != Verdict.SLOWER && r.verdict() != Verdict.FASTER;
            } else if (slowdown.get(n) > bound) {
              anyBeyond = true;
              ok = r.verdict() == expected;
            } else {
              ok = r.verdict() == expected || r.verdict() == Verdict.INCONCLUSIVE;
            }
            if (!ok) {
              wrong.add(String.format(Locale.ROOT, "%s: %s (-Xint %.1fx slower)", pair, describe(r), slowdown.get(n)));
            }
          }
          if (xintIsB) {
            pairs++;
            beyond += anyBeyond ? 1 : 0;
            caught += o.hasRegression() ? 1 : 0;
            if (anyBeyond && !o.hasRegression()) {
              wrong.add(pair + ": the gate passed although a benchmark is more than " + bound + "x slower");
            }
          } else if (o.hasRegression()) {
            wrong.add(pair + ": the gate failed although -Xint is A");
          }
        }
      }
    }
    String summary = jitSet + " -> " + xintSet + ": " + pairs + " pairs, " + beyond + " with a benchmark more than "
        + bound + "x slower; the gate failed in " + caught + "; " + wrong.size() + " wrong calls (both ways round)";
    System.out.println(summary);
    assertTrue(wrong.isEmpty(), summary + ":\n  " + String.join("\n  ", wrong));
  }

  /**
   * Per benchmark, how much slower the interpreted run is: the cost ratio of the runs' means of
   * fork means, computed here from the JMH files and not taken from the comparison under test.
   */
  private static Map<String, Double> slowdowns(Path jit, Path xint) {
    Map<String, double[]> j = RealRepeats.forkMeans(jit);
    Map<String, double[]> x = RealRepeats.forkMeans(xint);
    return j.keySet().stream().collect(Collectors.toMap(k -> k, k -> {
      double mj = Arrays.stream(j.get(k)).average().orElseThrow();
      double mx = Arrays.stream(x.get(k)).average().orElseThrow();
      return k.endsWith("[thrpt]") ? mj / mx : mx / mj;
    }));
  }

  private static Set<String> everyBenchmark() {
    Set<String> all = new HashSet<>(SLOWED_BY_XINT);
    all.add(SLEEPS);
    return all;
  }

  private static String describe(CompareResult r) {
    return String.format(Locale.ROOT, "%s %s, ratio %s [%s, %s]", name(r), r.verdict().json(), r.ratio(),
        r.ratioCiLow(), r.ratioCiHigh());
  }
}
