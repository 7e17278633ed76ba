package io.virtpath.analysis.compare;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.read.Loaded;
import io.virtpath.analysis.result.Settings;
import io.virtpath.analysis.result.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The regression gate on simulated suites, where the truth is known: A and B drawn from the same
 * configuration must fail the gate (any benchmark slower) in at most alpha of the comparisons,
 * family-wise over the suite; a real 1.5x slowdown must be caught. The inputs are JMH JSON files
 * (the structure of a real -rf json entry) read through Inputs, as the CLI reads them. Seeded, so
 * every run sees the same data.
 *
 * <p>Model: each benchmark has a true cost and a fork-to-fork CV drawn from [2 %, 10 %]; a fork's
 * mean is the true cost times a normal (1 + CV z) or a log-normal factor of the same CV; its five
 * iterations scatter around the fork mean by 2 % (what JMH's iterations of one fork look like:
 * close together, whatever the forks do).
 */
class GateSimulationTest {
  /** The family-wise false-alarm rate the gate promises: the default level (the core unifies alpha/confidence). */
  static final double ALPHA = 0.05;
  static final int BENCHMARKS = 10;
  static final int ITERATIONS = 5;
  static final double ITERATION_CV = 0.02;

  @TempDir Path tmp;
  /** A and B alternate between two files, rewritten for every comparison. */
  private int file;

  /**
   * One fork per side is the case a user reported (2 of 15 same-configuration pairs failed the
   * gate): the five iterations of one fork agree to 2 % while the forks differ by up to 10 %, so
   * iterations taken as replicates make every fork-to-fork difference look significant.
   */
  @ParameterizedTest(name = "{0} forks per side, {1} fork means")
  @CsvSource({"1, normal", "3, normal", "5, normal", "3, lognormal", "5, lognormal"})
  void sameConfigurationFailsTheGateAtMostAlphaOfTheTime(int forks, String shape) throws IOException {
    int trials = 2000;
    SplittableRandom rnd = new SplittableRandom(forks * 31L + shape.hashCode());
    double[] cost = new double[BENCHMARKS];
    double[] cv = new double[BENCHMARKS];
    for (int b = 0; b < BENCHMARKS; b++) {
      cost[b] = Math.pow(10, 1 + 3 * rnd.nextDouble());
      cv[b] = 0.02 + 0.08 * rnd.nextDouble();
    }
    boolean logNormal = shape.equals("lognormal");
    int gateFailed = 0;
    int called = 0;
    for (int t = 0; t < trials; t++) {
      CompareOutcome o = compare(suite(rnd, cost, cv, forks, logNormal), suite(rnd, cost, cv, forks, logNormal));
      if (o.hasRegression()) {
        gateFailed++;
      }
      if (o.results().stream().anyMatch(r -> r.verdict() == Verdict.SLOWER || r.verdict() == Verdict.FASTER)) {
        called++;
      }
    }
    // The most failures a gate at exactly ALPHA shows in 99.9 % of such experiments.
    int allowed = new BinomialDistribution(trials, ALPHA).inverseCumulativeProbability(0.999);
    String summary = String.format(Locale.ROOT, "%d forks, %s: the gate failed %d of %d same-configuration "
        + "comparisons (%.1f %%; allowed %d = alpha %.2f + binomial margin); %d had a result slower or faster",
        forks, shape, gateFailed, trials, 100.0 * gateFailed / trials, allowed, ALPHA, called);
    System.out.println(summary);
    assertTrue(gateFailed <= allowed, summary);
  }

  @ParameterizedTest(name = "{0} fork means")
  @CsvSource({"normal", "lognormal"})
  void aFiftyPercentSlowdownWithFiveForksIsCaught(String shape) throws IOException {
    int trials = 500;
    int forks = 5;
    SplittableRandom rnd = new SplittableRandom(7L + shape.hashCode());
    double[] cost = new double[BENCHMARKS];
    double[] cv = new double[BENCHMARKS];
    for (int b = 0; b < BENCHMARKS; b++) {
      cost[b] = Math.pow(10, 1 + 3 * rnd.nextDouble());
      cv[b] = 0.03;
    }
    double[] slowed = cost.clone();
    slowed[0] *= 1.5;
    boolean logNormal = shape.equals("lognormal");
    int caught = 0;
    int gateFailed = 0;
    for (int t = 0; t < trials; t++) {
      CompareOutcome o = compare(suite(rnd, cost, cv, forks, logNormal), suite(rnd, slowed, cv, forks, logNormal));
      if (o.results().stream().anyMatch(r -> r.benchmark().endsWith(".b00") && r.verdict() == Verdict.SLOWER)) {
        caught++;
      }
      if (o.hasRegression()) {
        gateFailed++;
      }
    }
    String summary = String.format(Locale.ROOT, "1.5x, 5 forks, CV 3 %%, %s: slower in %d of %d trials, "
        + "gate failed in %d", shape, caught, trials, gateFailed);
    System.out.println(summary);
    assertTrue(caught >= 0.95 * trials && gateFailed >= caught, summary);
  }

  private CompareOutcome compare(Path a, Path b) {
    Loaded la = Inputs.load(List.of(a));
    Loaded lb = Inputs.load(List.of(b));
    return new Comparer(Settings.DEFAULTS).compare("A", la, "B", lb);
  }

  /** One run of the suite, as JMH writes it with -rf json (avgt, ns/op, one entry per benchmark). */
  private Path suite(SplittableRandom rnd, double[] cost, double[] cv, int forks, boolean logNormal)
      throws IOException {
    StringBuilder json = new StringBuilder("[\n");
    for (int b = 0; b < cost.length; b++) {
      double[][] raw = new double[forks][ITERATIONS];
      double sum = 0;
      for (int f = 0; f < forks; f++) {
        double forkMean = cost[b] * forkFactor(rnd, cv[b], logNormal);
        for (int i = 0; i < ITERATIONS; i++) {
          raw[f][i] = forkMean * (1 + ITERATION_CV * gaussian(rnd));
          sum += raw[f][i];
        }
      }
      json.append(entry(String.format(Locale.ROOT, "b%02d", b), forks, sum / (forks * ITERATIONS), raw));
      json.append(b + 1 < cost.length ? ",\n" : "\n");
    }
    json.append("]\n");
    Path p = tmp.resolve("run-" + (file++ % 2) + ".json");
    Files.writeString(p, json);
    return p;
  }

  /** A fork's mean relative to the true cost: mean 1, standard deviation cv. */
  private static double forkFactor(SplittableRandom rnd, double cv, boolean logNormal) {
    if (!logNormal) {
      return 1 + cv * gaussian(rnd);
    }
    double sigma = Math.sqrt(Math.log(1 + cv * cv));
    return Math.exp(sigma * gaussian(rnd) - sigma * sigma / 2);
  }

  /** Box-Muller: two uniforms to one standard normal. */
  private static double gaussian(SplittableRandom rnd) {
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** The fields of a real JMH 1.37 entry (see src/test/resources/jmh/real), numbers from the simulation. */
  private static String entry(String method, int forks, double score, double[][] raw) {
    StringBuilder rows = new StringBuilder();
    for (int f = 0; f < raw.length; f++) {
      rows.append(f == 0 ? "" : ",\n").append("                [\n");
      for (int i = 0; i < raw[f].length; i++) {
        rows.append("                    ").append(raw[f][i]).append(i + 1 < raw[f].length ? ",\n" : "\n");
      }
      rows.append("                ]");
    }
    return """
            {
                "jmhVersion" : "1.37",
                "benchmark" : "io.virtpath.sim.Suite.%s",
                "mode" : "avgt",
                "threads" : 1,
                "forks" : %d,
                "jvm" : "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java",
                "jvmArgs" : [
                ],
                "jdkVersion" : "25.0.3",
                "vmName" : "OpenJDK 64-Bit Server VM",
                "vmVersion" : "25.0.3+9-LTS",
                "warmupIterations" : 3,
                "warmupTime" : "200 ms",
                "warmupBatchSize" : 1,
                "measurementIterations" : %d,
                "measurementTime" : "200 ms",
                "measurementBatchSize" : 1,
                "primaryMetric" : {
                    "score" : %s,
                    "scoreError" : "NaN",
                    "scoreUnit" : "ns/op",
                    "rawData" : [
            %s
                    ]
                },
                "secondaryMetrics" : {
                }
            }""".formatted(method, forks, raw[0].length, score, rows);
  }
}
