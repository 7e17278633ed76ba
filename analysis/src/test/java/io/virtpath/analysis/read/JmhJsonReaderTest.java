package io.virtpath.analysis.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.stats.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every JMH mode and shape, read from real JMH 1.37 output (see the fixtures' README). */
class JmhJsonReaderTest {
  @TempDir Path tmp;

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElseThrow();
  }

  @Test
  void throughput() throws Exception {
    List<BenchmarkResult> rs = JmhJsonReader.read(Fixtures.mode("thrpt"));
    assertEquals(1, rs.size());
    BenchmarkResult r = rs.get(0);
    assertEquals("io.virtpath.analysis.demo.DemoBench.hash", r.key().benchmark());
    assertEquals("thrpt", r.key().mode());
    assertEquals("16", r.key().params().get("size"));
    assertEquals("ops/us", r.primary().unit().text());
    assertEquals(Direction.HIGHER_IS_BETTER, r.primary().unit().direction());
    assertEquals(1, r.primary().forks());
    assertEquals(3, r.primary().raw()[0].length);
    // JMH's score is the mean of the iteration scores: the raw data is really the samples
    assertEquals(r.primary().jmhScore(), mean(r.primary().raw()[0]), 1e-9 * r.primary().jmhScore());
    assertTrue(r.secondary().isEmpty());
  }

  @Test
  void averageTimeWithParamsAndForks() throws Exception {
    List<BenchmarkResult> rs = JmhJsonReader.read(Fixtures.mode("avgt-forks-params"));
    assertEquals(2, rs.size());
    assertEquals(Set.of("size=16", "size=256"), rs.stream().map(r -> r.key().paramsText()).collect(Collectors.toSet()));
    assertFalse(rs.get(0).key().equals(rs.get(1).key()), "params are part of the identity");
    for (BenchmarkResult r : rs) {
      assertEquals(3, r.forks());
      assertEquals(3, r.primary().raw().length);
      assertEquals(Direction.LOWER_IS_BETTER, r.primary().unit().direction());
      Sample s = Sample.fromForks(r.primary().iterationValues(), r.primary().forkMeans());
      assertEquals(Sample.FORKS, s.unit(), "several forks: forks are the replicates");
      assertEquals(3, s.n());
      double all = Arrays.stream(r.primary().raw()).flatMapToDouble(Arrays::stream).average().orElseThrow();
      assertEquals(r.primary().jmhScore(), all, 1e-9 * all);
      assertEquals(all, s.mean(), 1e-9 * all, "equal iterations per fork: mean of fork means = grand mean");
    }
  }

  @Test
  void sampleTimeHistograms() throws Exception {
    BenchmarkResult r = JmhJsonReader.read(Fixtures.mode("sample")).get(0);
    assertEquals("sample", r.key().mode());
    Metric m = r.primary();
    assertTrue(m.hasHistograms());
    assertEquals(2, m.histograms().length, "forks");
    assertEquals(2, m.histograms()[0].length, "iterations");
    Histogram all = m.mergedHistogram();
    assertTrue(all.count() > 1000, "thousands of samples: " + all.count());
    // JMH's SampleTime score is the mean over every sample of every fork
    assertEquals(m.jmhScore(), all.mean(), 1e-9 * m.jmhScore());
    assertEquals(r.secondary().get("p0.50").jmhScore(), all.percentile(0.5), 1e-9, "median agrees with JMH's p0.50");
    assertEquals(r.secondary().get("p1.00").jmhScore(), all.percentile(1.0), 1e-9, "max agrees with JMH's p1.00");
    Sample s = Sample.fromForks(m.iterationValues(), m.forkMeans());
    assertEquals(Sample.FORKS, s.unit());
    assertEquals(2, s.n());
  }

  @Test
  void singleShot() throws Exception {
    BenchmarkResult r = JmhJsonReader.read(Fixtures.mode("ss")).get(0);
    assertEquals("ss", r.key().mode());
    assertEquals("us/op", r.primary().unit().text());
    assertEquals(2, r.primary().raw().length);
    assertEquals(5, r.primary().raw()[1].length);
  }

  @Test
  void severalModesInOneRunAreSeveralBenchmarks() throws Exception {
    List<BenchmarkResult> rs = JmhJsonReader.read(Fixtures.mode("multimode"));
    assertEquals(List.of("thrpt", "avgt", "sample", "ss"), rs.stream().map(r -> r.key().mode()).toList());
    assertEquals(4, rs.stream().map(BenchmarkResult::key).distinct().count());
    assertEquals(List.of("ops/us", "us/op", "us/op", "us/op"), rs.stream().map(r -> r.primary().unit().text()).toList());
  }

  @Test
  void secondaryMetricsFromProfilersAndAuxCounters() throws Exception {
    List<BenchmarkResult> rs = JmhJsonReader.read(Fixtures.mode("secondary-gc-aux"));
    BenchmarkResult copy = rs.stream().filter(r -> r.key().methodName().equals("copy")).findFirst().orElseThrow();
    BenchmarkResult classify = rs.stream().filter(r -> r.key().methodName().equals("classify")).findFirst().orElseThrow();
    Metric norm = copy.secondary().get("gc.alloc.rate.norm");
    assertNotNull(norm);
    assertEquals("B/op", norm.unit().text());
    assertEquals(Direction.UNKNOWN, norm.unit().direction());
    assertTrue(norm.jmhScore() > 2000, "a 256-long clone allocates about 2 KiB: " + norm.jmhScore());
    assertTrue(classify.secondary().containsKey("evenHits"), "@AuxCounters fields: " + classify.secondary().keySet());
    assertEquals("#", classify.secondary().get("evenHits").unit().text());
  }

  @Test
  void nanStringsAreNotANumber() throws Exception {
    BenchmarkResult r = JmhJsonReader.read(Fixtures.mode("one-iteration-nan")).get(0);
    assertTrue(Double.isNaN(r.primary().jmhError()), "JMH writes \"NaN\" for the error of one iteration");
    assertTrue(Double.isFinite(r.primary().jmhScore()));
  }

  @Test
  void infinityAndNanInRawDataAreReadAndLeftOutOfStatistics() throws Exception {
    Path f = Files.copy(Fixtures.mode("avgt-forks-params"), tmp.resolve("inf.json"));
    String text = Files.readString(f);
    // the first iteration value of the first result: replace two samples by JMH's non-finite strings
    int raw = text.indexOf("\"rawData\"");
    int open = text.indexOf("[", text.indexOf("[", raw) + 1) + 1;
    int comma = text.indexOf(",", open);
    int comma2 = text.indexOf(",", comma + 1);
    text = text.substring(0, open) + "\"+INF\"," + "\"NaN\"" + text.substring(comma2);
    Files.writeString(f, text);
    BenchmarkResult r = JmhJsonReader.read(f).get(0);
    assertEquals(Double.POSITIVE_INFINITY, r.primary().raw()[0][0]);
    assertTrue(Double.isNaN(r.primary().raw()[0][1]));
    Sample s = Sample.fromForks(r.primary().iterationValues(), r.primary().forkMeans());
    assertEquals(3, s.n(), "the fork with one finite value still has a mean");
    assertTrue(Double.isFinite(s.mean()));
  }

  @Test
  void truncatedFileNamesFileLineAndColumn() throws Exception {
    byte[] all = Files.readAllBytes(Fixtures.mode("sample"));
    Path f = Files.write(tmp.resolve("truncated.json"), Arrays.copyOf(all, all.length / 2));
    InputException e = assertThrows(InputException.class, () -> JmhJsonReader.read(f));
    assertEquals(f, e.path());
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.problem().matches("line \\d+, column \\d+: not valid JSON.*"), e.problem());
    assertTrue(e.problem().contains("end-of-input"), e.problem());
  }

  @Test
  void structuralErrorsNameTheEntryAndField() throws Exception {
    Path f = Files.writeString(tmp.resolve("bad.json"),
        "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\",\"primaryMetric\":{\"score\":1,\"scoreUnit\":\"ns/op\","
            + "\"rawData\":[[1.0,\"fast\"]]}}]");
    InputException e = assertThrows(InputException.class, () -> JmhJsonReader.read(f));
    assertEquals("entry 1 (a.B.c), primaryMetric.rawData[0][1]: expected a number (or \"NaN\", \"+INF\", \"-INF\"),"
        + " found \"fast\"", e.problem());

    Path g = Files.writeString(tmp.resolve("nometric.json"), "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\"}]");
    assertEquals("entry 1 (a.B.c): missing \"primaryMetric\"",
        assertThrows(InputException.class, () -> JmhJsonReader.read(g)).problem());
  }

  @Test
  void notJmhOutput() throws Exception {
    Path obj = Files.writeString(tmp.resolve("manifest-like.json"), "{\"formatVersion\": 1}");
    assertTrue(assertThrows(InputException.class, () -> JmhJsonReader.read(obj)).problem()
        .contains("expected a JSON array of benchmark results"));
    Path empty = Files.writeString(tmp.resolve("empty.json"), "");
    assertTrue(assertThrows(InputException.class, () -> JmhJsonReader.read(empty)).problem().contains("empty"));
  }

  @Test
  void histogramPercentilesFollowJmh() {
    // JMH's estimator: position p * (n + 1) among the 10 sorted samples, interpolated
    Histogram h = new Histogram(new double[] {10, 20, 30}, new long[] {5, 4, 1});
    assertEquals(10, h.percentile(0.0));
    assertEquals(10, h.percentile(0.05)); // position 0.55: the minimum
    assertEquals(15, h.percentile(0.5), 1e-12); // position 5.5: between the 5th (10) and 6th (20)
    assertEquals(20, h.percentile(0.8), 1e-12); // position 8.8: 8th and 9th are both 20
    assertEquals(29, h.percentile(0.9), 1e-12); // position 9.9: 20 + 0.9 * (30 - 20)
    assertEquals(30, h.percentile(1.0));
    assertEquals(16.0, h.mean(), 1e-12); // (5*10 + 4*20 + 1*30) / 10
    assertArrayEquals(new double[] {10, 20, 30}, Histogram.merge(List.of(h)).values());
    assertNull(new Metric("m", ScoreUnit.parse("ns/op"), 1, 0, new double[][] {{1}}, null).mergedHistogram());
  }
}
