package io.virtpath.analysis.read;

import io.virtpath.core.Json;
import io.virtpath.core.record.Metrics;
import io.virtpath.core.record.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A virtpath target speaks its suites' units: the metrics.json next to jmh.json says, per
 * benchmark, which unit its {@code @PrimaryMetric} is read in (IOPS, MB/s, ns/op), and the
 * primary metric (raw data, histograms, and its SampleTime percentiles) is expressed in it. Time
 * per operation is shown in a unit that suits its magnitude (ns/op below 10 µs, us/op below 10 ms,
 * ms/op above) instead of JMH's s/op with exponents; the analyzer then expresses every target in
 * the baseline's unit, so one benchmark has one unit across targets. Plain JMH files, which have
 * no metrics.json, keep JMH's units.
 */
final class RecordUnits {
  static final String METRICS = "metrics.json";
  private static final ScoreUnit NS = ScoreUnit.of(Unit.NS_PER_OP);
  private static final ScoreUnit US = ScoreUnit.parse("us/op");
  private static final ScoreUnit MS = ScoreUnit.parse("ms/op");

  private RecordUnits() {}

  /** {@code results} of {@code jmhFile} in its record's units; unchanged for a file without metrics.json. */
  static List<BenchmarkResult> apply(Path jmhFile, List<BenchmarkResult> results) throws InputException {
    Path file = jmhFile.resolveSibling(METRICS);
    if (!jmhFile.getFileName().toString().equals(Inputs.JMH) || !Files.isRegularFile(file)) {
      return results;
    }
    Metrics metrics;
    try {
      metrics = Json.read(file, Metrics.class);
    } catch (IOException e) {
      throw new InputException(file, "unreadable (" + e.getMessage().lines().findFirst().orElse("")
          + "); it is derived from jmh.json: remove it to read this target in JMH's units");
    }
    Map<BenchmarkKey, Metrics.Entry> byKey = new HashMap<>();
    if (metrics.results() != null) {
      for (Metrics.Entry e : metrics.results()) {
        if (e != null && e.benchmark() != null && e.mode() != null) {
          byKey.putIfAbsent(BenchmarkKey.of(e.benchmark(), e.mode(), e.params() == null ? Map.of() : e.params()), e);
        }
      }
    }
    List<BenchmarkResult> out = new ArrayList<>(results.size());
    for (BenchmarkResult r : results) {
      Metrics.Entry e = byKey.get(r.key());
      out.add(e == null || e.unit() == null ? r : convert(file, r, e));
    }
    return out;
  }

  private static BenchmarkResult convert(Path file, BenchmarkResult r, Metrics.Entry e) throws InputException {
    Metric primary = r.primary();
    if (!primary.unit().text().equals(e.jmhUnit()) || !same(primary.jmhScore(), e.jmhScore())) {
      throw new InputException(file, r.key() + ": says JMH's score was " + e.jmhScore() + " " + e.jmhUnit()
          + ", jmh.json says " + primary.jmhScore() + " " + primary.unit() + "; the two files are not of the same "
          + "run. Remove metrics.json (it is derived from jmh.json) to read this target in JMH's units");
    }
    ScoreUnit from = primary.unit();
    Metric converted;
    switch (e.unit()) {
      case NS_PER_OP -> {
        if (from.kind() != ScoreUnit.Kind.TIME_PER_OP) {
          return r;
        }
        converted = primary.inUnit(readableTime(primary.inUnit(NS).pooledMean()));
      }
      case IOPS, OPS_PER_S -> {
        if (from.kind() != ScoreUnit.Kind.OPS_PER_TIME) {
          return r;
        }
        converted = primary.inUnit(ScoreUnit.of(e.unit()));
      }
      case MB_PER_S -> {
        // bytes per operation come from the benchmark's annotation, which only the writer saw
        double factor = e.value() / e.jmhScore();
        if (from.kind() != ScoreUnit.Kind.OPS_PER_TIME || !Double.isFinite(factor) || factor <= 0) {
          return r;
        }
        converted = primary.rescaled(ScoreUnit.of(Unit.MB_PER_S), factor);
      }
      default -> {
        return r;
      }
    }
    Map<String, Metric> secondary = new LinkedHashMap<>();
    for (var s : r.secondary().entrySet()) {
      Metric m = s.getValue();
      boolean percentile = !Double.isNaN(m.percentileRank()) && m.unit().convertibleTo(from)
          && converted.unit().convertibleTo(from);
      secondary.put(s.getKey(), percentile ? m.inUnit(converted.unit()) : m);
    }
    return new BenchmarkResult(r.key(), r.threads(), r.forks(), r.jmhVersion(), r.jdkVersion(), converted,
        secondary);
  }

  /** ns/op below 10 µs, us/op below 10 ms, ms/op above: at most four digits before the point. */
  static ScoreUnit readableTime(double ns) {
    if (!(ns >= 1e4)) {
      return NS;
    }
    return ns < 1e7 ? US : MS;
  }

  private static boolean same(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
}
