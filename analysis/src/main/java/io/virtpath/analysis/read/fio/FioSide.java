package io.virtpath.analysis.read.fio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One direction of one fio job: its {@code "read"} or {@code "write"} object.
 *
 * @param ios completed I/Os ({@code total_ios}); 0 for the side a job did not exercise
 * @param bwBytesPerSec {@code bw_bytes}: bytes per second, exact (fio's {@code bw} is KiB/s)
 * @param runtimeMs how long this side ran ({@code runtime}, ms)
 * @param clatMeanNs mean completion latency ({@code clat_ns.mean}): submission to completion as
 *     the device saw it, without fio's own submission cost
 * @param clatPercentilesNs {@code clat_ns.percentile} as fio writes it: keys such as {@code
 *     "99.900000"}, in file order; empty when fio was told not to compute them
 */
public record FioSide(
    long ios,
    double iops,
    double bwBytesPerSec,
    double runtimeMs,
    double clatMeanNs,
    Map<String, Double> clatPercentilesNs) {

  public FioSide {
    clatPercentilesNs = Collections.unmodifiableMap(new LinkedHashMap<>(clatPercentilesNs));
  }

  /** Whether the job did I/O in this direction (a randread job's write side did none). */
  public boolean active() {
    return ios > 0;
  }

  /**
   * The completion latency at percentile {@code p} (0..100, as fio names them: 99.9 for
   * "99.900000"), or NaN when fio did not report that percentile. fio's percentiles come from its
   * own log-linear histogram, so each is the upper edge of a bucket, not an exact sample.
   */
  public double percentileNs(double p) {
    for (var e : clatPercentilesNs.entrySet()) {
      try {
        if (Math.abs(Double.parseDouble(e.getKey()) - p) < 1e-9) {
          return e.getValue();
        }
      } catch (NumberFormatException notAPercentile) {
        // a key fio did not write; ignore it
      }
    }
    return Double.NaN;
  }
}
