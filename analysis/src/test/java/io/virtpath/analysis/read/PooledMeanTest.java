package io.virtpath.analysis.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The point estimate is JMH's score for the same data, recomputed from the raw samples. */
class PooledMeanTest {
  /** Files under the fixtures that are not JMH result arrays. */
  private static final Set<String> NOT_JMH = Set.of("manifest.json", "environment.json", "metrics.json",
      "run-manifest.json", "lab.json", "host-counters.json");

  @Test
  void pooledMeanIsJmhsScoreOnEveryRealFixture() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Fixtures.JMH)) {
      files = s.filter(p -> p.toString().endsWith(".json") && !NOT_JMH.contains(p.getFileName().toString()))
          .sorted().toList();
    }
    int checked = 0;
    Set<String> modes = new java.util.TreeSet<>();
    for (Path f : files) {
      for (BenchmarkResult r : JmhJsonReader.read(f)) {
        Metric m = r.primary();
        if (!Double.isFinite(m.jmhScore())) {
          continue;
        }
        assertEquals(m.jmhScore(), m.pooledMean(), 1e-9 * Math.abs(m.jmhScore()), f + " " + r.key());
        modes.add(r.key().mode());
        checked++;
      }
    }
    assertTrue(modes.containsAll(Set.of("thrpt", "avgt", "sample", "ss")), "modes: " + modes);
    assertTrue(checked > 50, "results checked: " + checked);
  }

  /**
   * The user's case: one iteration with few, slow samples. The mean of iteration means weighs it
   * as much as an iteration with thousands of samples; JMH (and the pooled mean) weighs samples.
   */
  @Test
  void sampleTimeWeighsSamplesNotIterations() {
    Histogram slow = new Histogram(new double[] {4.1}, new long[] {242});
    Histogram usual = new Histogram(new double[] {0.9, 1.0}, new long[] {1000, 2000});
    Metric m = new Metric("primary", ScoreUnit.parse("ms/op"), Double.NaN, Double.NaN,
        new double[][] {{}}, new Histogram[][] {{slow, usual}});
    double expected = (4.1 * 242 + 0.9 * 1000 + 1.0 * 2000) / 3242;
    assertEquals(expected, m.pooledMean(), 1e-12);
    double ofIterationMeans = Arrays.stream(m.iterationValues()[0]).average().orElseThrow();
    assertTrue(ofIterationMeans > 2 * m.pooledMean(), ofIterationMeans + " vs " + m.pooledMean());
  }

  @Test
  void otherModesPoolEveryFiniteIterationOfEveryFork() {
    // unequal forks: the pooled mean is not the mean of the fork means
    Metric m = new Metric("primary", ScoreUnit.parse("ns/op"), Double.NaN, Double.NaN,
        new double[][] {{1, 2, 3}, {10, Double.NaN}}, null);
    assertEquals(16.0 / 4, m.pooledMean(), 1e-12);
    assertTrue(Double.isNaN(new Metric("primary", ScoreUnit.parse("ns/op"), 1, 0,
        new double[][] {{Double.NaN}}, null).pooledMean()));
  }
}
