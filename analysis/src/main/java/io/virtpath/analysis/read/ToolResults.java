package io.virtpath.analysis.read;

import io.virtpath.analysis.read.fio.FioJob;
import io.virtpath.analysis.read.fio.FioReport;
import io.virtpath.analysis.read.fio.FioSide;
import io.virtpath.analysis.read.iperf3.Iperf3Report;
import io.virtpath.core.record.Unit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * fio and iperf3 outputs as benchmark results, so that report, compare and trend treat them as
 * they treat JMH's. One output file is one run of the tool, so it is one fork: a single value (fio)
 * or the per-second intervals as that fork's iterations (iperf3). Several files of the same job
 * are several forks ({@link #merge}), and only then are the replicates independent runs.
 */
final class ToolResults {
  /** Everything converts to these; MB/s is 10^6 bytes per second, as in virtpath's own suites. */
  static final ScoreUnit OPS = ScoreUnit.of(Unit.OPS_PER_S);
  static final ScoreUnit MB_S = ScoreUnit.of(Unit.MB_PER_S);
  static final ScoreUnit NS = ScoreUnit.of(Unit.NS_PER_OP);
  static final ScoreUnit COUNT = ScoreUnit.parse("#");

  /** Percentiles of the completion latency kept as secondary metrics, and their names. */
  private static final Map<Double, String> PERCENTILES = percentiles();

  private ToolResults() {}

  /**
   * Per job and active direction: {@code fio.<job>.<read|write>}, mode the job's {@code rw}
   * (fio's default {@code read} when not given), params {@code bs}, {@code iodepth}, {@code
   * ioengine} as far as given. Primary metric IOPS in ops/s (one op is one I/O); secondary {@code
   * bw} (MB/s), {@code clat.mean} and {@code clat.p50/p99/p99.9} (ns/op).
   */
  static List<BenchmarkResult> of(FioReport report) {
    List<BenchmarkResult> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (FioJob job : report.jobs()) {
      int n = seen.merge(job.name(), 1, Integer::sum);
      // numjobs without group_reporting: clones share a name but ran side by side, so they are
      // not replicates of each other; each keeps its own key
      String name = n == 1 ? job.name() : job.name() + "#" + n;
      Map<String, String> params = new TreeMap<>();
      if (job.bs() != null) {
        params.put("bs", Long.toString(job.bs()));
      }
      if (job.iodepth() != null) {
        params.put("iodepth", Integer.toString(job.iodepth()));
      }
      if (job.ioengine() != null) {
        params.put("ioengine", job.ioengine());
      }
      String mode = job.rw() != null ? job.rw() : "read";
      side(out, name, "read", mode, params, job.read());
      side(out, name, "write", mode, params, job.write());
    }
    return out;
  }

  private static void side(List<BenchmarkResult> out, String job, String direction, String mode,
      Map<String, String> params, FioSide s) {
    if (!s.active()) {
      return;
    }
    Map<String, Metric> secondary = new LinkedHashMap<>();
    secondary.put("bw", single("bw", MB_S, s.bwBytesPerSec() / 1e6));
    if (Double.isFinite(s.clatMeanNs())) {
      secondary.put("clat.mean", single("clat.mean", NS, s.clatMeanNs()));
    }
    for (var p : PERCENTILES.entrySet()) {
      double v = s.percentileNs(p.getKey());
      if (Double.isFinite(v)) {
        secondary.put(p.getValue(), single(p.getValue(), NS, v));
      }
    }
    out.add(new BenchmarkResult(BenchmarkKey.of("fio." + job + "." + direction, mode, params), 1, 1, null, null,
        single("primary", OPS, s.iops()), secondary));
  }

  /**
   * {@code iperf3.<TCP|UDP>.send} and {@code .receive}, mode {@code forward} or {@code reverse}
   * ({@code -R}), params {@code length} ({@code -l}), {@code streams} ({@code -P}) and, when set,
   * {@code bitrate} ({@code -b}). Primary metric MB/s. The side the client measured (the sender,
   * or the receiver with {@code -R}) has the intervals as iterations; the other side only iperf3's
   * end-of-test sum, from the server. The sender also gets {@code retransmits} (TCP).
   */
  static List<BenchmarkResult> of(Iperf3Report r) {
    Map<String, String> params = new TreeMap<>();
    params.put("length", Long.toString(r.blockSize()));
    params.put("streams", Integer.toString(r.streams()));
    if (r.targetBitsPerSec() > 0) {
      params.put("bitrate", Long.toString(r.targetBitsPerSec()));
    }
    String mode = r.reverse() ? "reverse" : "forward";
    double[] intervals = r.intervalBitsPerSec().stream().mapToDouble(b -> b / 8e6).toArray();
    List<BenchmarkResult> out = new ArrayList<>(2);
    for (boolean sender : new boolean[] {true, false}) {
      double total = (sender ? r.sentBitsPerSec() : r.receivedBitsPerSec()) / 8e6;
      double[] raw = sender == r.intervalsAtSender() && intervals.length > 0 ? intervals : new double[] {total};
      Map<String, Metric> secondary = new LinkedHashMap<>();
      if (sender && "TCP".equalsIgnoreCase(r.protocol())) {
        secondary.put("retransmits", single("retransmits", COUNT, r.retransmits()));
      }
      BenchmarkKey key = BenchmarkKey.of("iperf3." + r.protocol() + "." + (sender ? "send" : "receive"), mode, params);
      out.add(new BenchmarkResult(key, r.streams(), 1, null, null,
          new Metric("primary", MB_S, total, Double.NaN, new double[][] {raw}, null), secondary));
    }
    return out;
  }

  /**
   * The results of several files of the same kind as one: each file's result for a key becomes one
   * fork of it, in the order given, so the statistics take the files as the replicates.
   */
  static List<BenchmarkResult> merge(List<List<BenchmarkResult>> files) {
    Map<BenchmarkKey, List<BenchmarkResult>> byKey = new LinkedHashMap<>();
    for (List<BenchmarkResult> file : files) {
      for (BenchmarkResult r : file) {
        byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
      }
    }
    List<BenchmarkResult> out = new ArrayList<>(byKey.size());
    for (List<BenchmarkResult> same : byKey.values()) {
      BenchmarkResult first = same.get(0);
      Map<String, List<Metric>> secondary = new LinkedHashMap<>();
      for (BenchmarkResult r : same) {
        r.secondary().forEach((name, m) -> secondary.computeIfAbsent(name, x -> new ArrayList<>()).add(m));
      }
      Map<String, Metric> merged = new LinkedHashMap<>();
      secondary.forEach((name, ms) -> merged.put(name, forks(ms)));
      out.add(new BenchmarkResult(first.key(), first.threads(), same.size(), null, null,
          forks(same.stream().map(BenchmarkResult::primary).toList()), merged));
    }
    return out;
  }

  /** One metric whose forks are the forks of {@code parts}; the score is the mean of their scores. */
  private static Metric forks(List<Metric> parts) {
    List<double[]> raw = new ArrayList<>();
    double sum = 0;
    for (Metric m : parts) {
      raw.addAll(List.of(m.inUnit(parts.get(0).unit()).raw()));
      sum += m.jmhScore() * m.unit().factorTo(parts.get(0).unit());
    }
    Metric first = parts.get(0);
    return new Metric(first.name(), first.unit(), sum / parts.size(), Double.NaN, raw.toArray(double[][]::new),
        null);
  }

  private static Metric single(String name, ScoreUnit unit, double value) {
    return new Metric(name, unit, value, Double.NaN, new double[][] {{value}}, null);
  }

  private static Map<Double, String> percentiles() {
    Map<Double, String> m = new LinkedHashMap<>();
    m.put(50.0, "clat.p50");
    m.put(99.0, "clat.p99");
    m.put(99.9, "clat.p99.9");
    return m;
  }
}
