package io.virtpath.runner;

import io.virtpath.bench.PrimaryMetric;
import io.virtpath.core.record.Metrics.Entry;
import io.virtpath.core.record.Unit;
import io.virtpath.runner.counters.CounterFigures;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * Turns JMH scores into the reader's units (ns/op, IOPS, MB/s) using each benchmark's
 * {@link PrimaryMetric}. Derived only: jmh.json keeps JMH's own numbers and raw samples.
 */
public final class DerivedMetrics {
  private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99, 100};

  private DerivedMetrics() {}

  public static List<Entry> of(Collection<RunResult> results) {
    List<Entry> out = new ArrayList<>();
    for (RunResult r : results) {
      out.add(of(r));
    }
    return out;
  }

  static Entry of(RunResult run) {
    String benchmark = run.getParams().getBenchmark();
    String mode = run.getParams().getMode().shortLabel();
    Result<?> primary = run.getPrimaryResult();
    String unit = primary.getScoreUnit();
    double score = primary.getScore();
    double error = primary.getScoreError();
    PrimaryMetric annotation = annotation(benchmark);
    Map<String, String> params = new LinkedHashMap<>();
    for (String key : run.getParams().getParamsKeys()) {
      params.put(key, run.getParams().getParam(key));
    }
    Statistics stats = primary.getStatistics();
    Map<String, Double> percentiles = new LinkedHashMap<>();
    if ("sample".equals(mode)) {
      double toNs = nanosPerUnit(unit);
      for (double p : PERCENTILES) {
        percentiles.put(percentileName(p), stats.getPercentile(p) * toNs);
      }
    }
    Unit metricUnit;
    double factor;
    if (unit.endsWith("/op")) {
      metricUnit = Unit.NS_PER_OP;
      factor = nanosPerUnit(unit);
    } else {
      double perSecond = opsPerSecondFactor(unit);
      PrimaryMetric.Kind kind = annotation == null ? PrimaryMetric.Kind.OPS_PER_S : annotation.value();
      switch (kind) {
        case IOPS -> {
          metricUnit = Unit.IOPS;
          factor = perSecond;
        }
        case MB_PER_S -> {
          metricUnit = Unit.MB_PER_S;
          factor = perSecond * annotation.bytesPerOp() / 1e6;
        }
        default -> {
          metricUnit = Unit.OPS_PER_S;
          factor = perSecond;
        }
      }
    }
    return new Entry(
        benchmark, mode, params, metricUnit, score * factor, error * factor, score, unit,
        stats.getN(), percentiles, counters(run));
  }

  /** The kernel counters profiler's figures, as JMH averaged them over the measured iterations. */
  static Map<String, Double> counters(RunResult run) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Result> e : run.getSecondaryResults().entrySet()) {
      if (CounterFigures.isCounter(e.getKey())) {
        out.put(e.getKey(), e.getValue().getScore());
      }
    }
    return out;
  }

  private static String percentileName(double p) {
    if (p == 100) {
      return "max";
    }
    String s = (p == Math.rint(p)) ? String.valueOf((long) p) : String.valueOf(p);
    return "p" + s;
  }

  /** The benchmark method's annotation, or null if the class is not on this class path. */
  static PrimaryMetric annotation(String benchmark) {
    int dot = benchmark.lastIndexOf('.');
    try {
      Class<?> cls = Class.forName(benchmark.substring(0, dot), false, DerivedMetrics.class.getClassLoader());
      for (Method m : cls.getMethods()) {
        if (m.getName().equals(benchmark.substring(dot + 1))) {
          return m.getAnnotation(PrimaryMetric.class);
        }
      }
    } catch (ClassNotFoundException e) {
      return null;
    }
    return null;
  }

  static double nanosPerUnit(String unit) {
    String time = unit.toLowerCase(Locale.ROOT).replace("/op", "");
    return switch (time) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "min" -> 60e9;
      default -> throw new IllegalArgumentException("unknown time unit in " + unit);
    };
  }

  static double opsPerSecondFactor(String unit) {
    String time = unit.toLowerCase(Locale.ROOT).replace("ops/", "");
    return 1e9 / nanosPerUnit(time + "/op");
  }
}
