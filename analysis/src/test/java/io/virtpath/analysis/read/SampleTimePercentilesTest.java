package io.virtpath.analysis.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtpath.analysis.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.junit.jupiter.api.Test;

/**
 * The SampleTime percentiles are percentiles of the samples, checked on real JMH output against an
 * independent computation: the histograms expanded into one value per sample, sorted, and handed
 * to Commons Math's Percentile (the estimator JMH itself uses).
 */
class SampleTimePercentilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every real SampleTime result among the fixtures: 1 to 3 forks, ns/op to s/op. */
  static final List<Path> FILES = List.of(Fixtures.mode("sample"), Fixtures.mode("multimode"),
      Fixtures.LAB.resolve("host/jmh.json"), Fixtures.LAB.resolve("c1/jmh.json"), Fixtures.VIRTPATH_RUN_JMH);

  /** All samples of the given iterations ({@code [[value, count], ...]} each), ascending. */
  private static double[] expand(List<JsonNode> iterations) {
    List<Double> all = new ArrayList<>();
    for (JsonNode it : iterations) {
      for (JsonNode pair : it) {
        for (long c = 0; c < pair.get(1).asLong(); c++) {
          all.add(pair.get(0).asDouble());
        }
      }
    }
    return all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  private static double percentile(double[] sorted, double p) {
    return p == 0 ? sorted[0] : new Percentile().evaluate(sorted, p * 100);
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  @Test
  void percentilesArePerForkAndPooledPercentilesOfTheSamples() throws Exception {
    int checked = 0;
    for (Path file : FILES) {
      JsonNode entries = JSON.readTree(file.toFile());
      List<BenchmarkResult> read = JmhJsonReader.read(file);
      for (int i = 0; i < entries.size(); i++) {
        JsonNode pm = entries.get(i).get("primaryMetric");
        if (!pm.has("rawDataHistogram")) {
          continue;
        }
        BenchmarkResult r = read.get(i);
        // the virtpath record's metric is in another unit than the file; compare in the file's
        double toFile = r.primary().unit().factorTo(ScoreUnit.parse(pm.get("scoreUnit").asText()));
        List<JsonNode> forks = list(pm.get("rawDataHistogram"));
        double[] all = expand(forks.stream().flatMap(f -> list(f).stream()).toList());
        var secondaries = entries.get(i).get("secondaryMetrics").fields();
        while (secondaries.hasNext()) {
          var s = secondaries.next();
          double p = Double.parseDouble(s.getKey().substring(1));
          Metric m = r.secondary().get(s.getKey());
          String what = file + " " + r.key() + " " + s.getKey();
          assertEquals(forks.size(), m.raw().length, what + ": one replicate per fork");
          for (int f = 0; f < forks.size(); f++) {
            double expected = percentile(expand(list(forks.get(f))), p);
            assertEquals(expected, m.raw()[f][0] * toFile, 1e-9 * Math.abs(expected), what + " fork " + f);
          }
          double pooled = percentile(all, p);
          assertEquals(pooled, m.pooledMean() * toFile, 1e-9 * Math.abs(pooled), what + " pooled");
          // ... which is JMH's own score for it: same estimator, same samples
          double jmh = s.getValue().get("score").asDouble();
          assertEquals(jmh, m.pooledMean() * toFile, 1e-9 * Math.abs(jmh), what + " = JMH's score");
          checked++;
        }
        double max = all[all.length - 1];
        // (the tolerance is for the unit conversion of the virtpath record, s/op -> us/op -> s/op)
        assertEquals(max, r.secondary().get("p1.00").pooledMean() * toFile, 1e-12 * max, "p1.00 is the largest sample");
        assertEquals(all[0], r.secondary().get("p0.00").pooledMean() * toFile, 1e-12 * all[0], "p0.00 is the smallest");
      }
    }
    assertTrue(checked >= 8 * 6, "percentiles checked: " + checked);
  }

  /** What the user saw: the mean of the iterations' maxima is below the true maximum. */
  @Test
  void theMaximumIsTheLargestSampleNotTheMeanOfIterationMaxima() throws Exception {
    Path file = Fixtures.mode("sample");
    JsonNode p100 = JSON.readTree(file.toFile()).get(0).get("secondaryMetrics").get("p1.00");
    double meanOfMaxima = list(p100.get("rawData")).stream().flatMap(f -> list(f).stream())
        .mapToDouble(JsonNode::asDouble).average().orElseThrow();
    Metric max = JmhJsonReader.read(file).get(0).secondary().get("p1.00");
    assertTrue(max.pooledMean() > meanOfMaxima * 1.5, max.pooledMean() + " vs " + meanOfMaxima);
    assertEquals(4063232.0, max.pooledMean(), 0);
    // per fork: the larger of its two iterations' maxima (JMH's rawData [[32832, 4063232], [24640, 1392]])
    assertArrayEquals(new double[] {4063232.0, 24640.0},
        Arrays.stream(max.raw()).mapToDouble(f -> f[0]).toArray());
    assertTrue(Double.isNaN(max.jmhError()), "one value per fork has no error of its own");
  }

  /** JMH's per-iteration percentiles (rawData) follow the same definition as Histogram.percentile. */
  @Test
  void histogramPercentileIsJmhsDefinition() throws Exception {
    int checked = 0;
    for (Path file : FILES) {
      JsonNode entries = JSON.readTree(file.toFile());
      for (JsonNode e : entries) {
        JsonNode pm = e.get("primaryMetric");
        if (!pm.has("rawDataHistogram")) {
          continue;
        }
        var secondaries = e.get("secondaryMetrics").fields();
        while (secondaries.hasNext()) {
          var s = secondaries.next();
          double p = Double.parseDouble(s.getKey().substring(1));
          JsonNode raw = s.getValue().get("rawData");
          for (int f = 0; f < raw.size(); f++) {
            for (int i = 0; i < raw.get(f).size(); i++) {
              JsonNode it = pm.get("rawDataHistogram").get(f).get(i);
              double[] v = new double[it.size()];
              long[] c = new long[it.size()];
              for (int k = 0; k < it.size(); k++) {
                v[k] = it.get(k).get(0).asDouble();
                c[k] = it.get(k).get(1).asLong();
              }
              double jmh = raw.get(f).get(i).asDouble();
              assertEquals(jmh, new Histogram(v, c).percentile(p), 1e-9 * Math.abs(jmh), file + " " + s.getKey());
              checked++;
            }
          }
        }
      }
    }
    assertTrue(checked > 100, "iterations checked: " + checked);
  }

  @Test
  void onlyJmhsPercentileNamesArePercentiles() {
    assertEquals(0.99, SampleTimePercentiles.rank("p0.99"));
    assertEquals(1.0, SampleTimePercentiles.rank("p1.00"));
    assertEquals(0.0, SampleTimePercentiles.rank("p0.00"));
    for (String other : List.of("gc.alloc.rate", "p99", "clat.p99", "p1.5", "pages", "p0.99x")) {
      assertTrue(Double.isNaN(SampleTimePercentiles.rank(other)), other);
    }
    // a throughput result has no histograms: its secondaries are left as JMH wrote them
    Metric thrpt = new Metric("primary", ScoreUnit.parse("ops/s"), 1, 0, new double[][] {{1}}, null);
    Metric p = new Metric("p0.50", ScoreUnit.parse("ops/s"), 7, 0, new double[][] {{6, 8}}, null);
    assertEquals(p, SampleTimePercentiles.rebuild(thrpt, java.util.Map.of("p0.50", p)).get("p0.50"));
    assertFalse(thrpt.hasHistograms());
  }
}
