package io.virtpath.analysis.read;

import io.virtpath.core.Json;
import io.virtpath.core.record.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A target directory's {@link Counters}: the guest's from metrics.json ({@code counters}), or from
 * jmh.json's secondary metrics of those names when metrics.json has none (a record written before
 * the field, or a plain jmh.json); the host's from host-counters.json, joined on benchmark, mode
 * and params. Missing files mean no counters, never an error.
 */
final class CounterReader {
  private CounterReader() {}

  /**
   * @throws InputException only for a host-counters.json that is there but is not what the lab
   *     writes: the caller keeps the target and says the host counters were left out
   */
  static Counters read(Path dir, List<BenchmarkResult> results) throws InputException {
    Map<BenchmarkKey, Map<String, Double>> guest = guest(dir.resolve(RecordUnits.METRICS), results);
    Path hostFile = dir.resolve(HostCountersJson.FILE);
    HostCountersJson.Read host = Files.isRegularFile(hostFile) ? HostCountersJson.read(hostFile) : null;
    return combine(guest, host);
  }

  /** The guest's counters alone: what is left of a target whose host-counters.json was unreadable. */
  static Counters guestOnly(Path dir, List<BenchmarkResult> results) {
    return combine(guest(dir.resolve(RecordUnits.METRICS), results), null);
  }

  /** A plain JMH file's counters: its secondary metrics of counter names (no metrics.json belongs to it). */
  static Counters ofJmh(List<BenchmarkResult> results) {
    return combine(guest(null, results), null);
  }

  private static Counters combine(Map<BenchmarkKey, Map<String, Double>> guest, HostCountersJson.Read host) {
    Map<BenchmarkKey, Counters.Figures> out = new LinkedHashMap<>();
    java.util.Set<BenchmarkKey> keys = new java.util.LinkedHashSet<>(guest.keySet());
    if (host != null) {
      keys.addAll(host.cpu().keySet());
    }
    for (BenchmarkKey k : keys) {
      Counters.Figures f = new Counters.Figures(guest.getOrDefault(k, Map.of()),
          host == null ? Map.of() : host.cpu().getOrDefault(k, Map.of()),
          host == null ? Map.of() : host.exits().getOrDefault(k, Map.of()), 1);
      if (!f.isEmpty()) {
        out.put(k, f);
      }
    }
    return new Counters(out, host == null ? null : host.kvmExits());
  }

  /**
   * Per benchmark: metrics.json's counters where it has any, else jmh.json's secondary metrics of
   * counter names ({@code metricsFile} null: only those).
   */
  private static Map<BenchmarkKey, Map<String, Double>> guest(Path metricsFile, List<BenchmarkResult> results) {
    Map<BenchmarkKey, Map<String, Double>> fromMetrics = new LinkedHashMap<>();
    if (metricsFile != null && Files.isRegularFile(metricsFile)) {
      try {
        Metrics m = Json.read(metricsFile, Metrics.class);
        if (m.results() != null) {
          for (Metrics.Entry e : m.results()) {
            if (e != null && e.benchmark() != null && e.mode() != null && !e.counters().isEmpty()) {
              fromMetrics.putIfAbsent(BenchmarkKey.of(e.benchmark(), e.mode(), e.params() == null ? Map.of()
                  : e.params()), finite(e.counters()));
            }
          }
        }
      } catch (IOException unreadable) {
        // RecordUnits has already refused this file: the target is skipped before this is used
      }
    }
    Map<BenchmarkKey, Map<String, Double>> out = new LinkedHashMap<>();
    for (BenchmarkResult r : results) {
      Map<String, Double> c = fromMetrics.get(r.key());
      if (c == null) {
        c = new LinkedHashMap<>();
        for (var s : r.secondary().entrySet()) {
          double v = s.getValue().jmhScore();
          if (Counters.isCounter(s.getKey()) && Double.isFinite(v)) {
            c.put(s.getKey(), v);
          }
        }
      }
      if (!c.isEmpty()) {
        out.put(r.key(), c);
      }
    }
    return out;
  }

  private static Map<String, Double> finite(Map<String, Double> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (v != null && Double.isFinite(v)) {
        out.put(k, v);
      }
    });
    return out;
  }
}
