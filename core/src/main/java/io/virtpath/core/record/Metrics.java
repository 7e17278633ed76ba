package io.virtpath.core.record;

import java.util.List;
import java.util.Map;

/**
 * {@code metrics.json}: each JMH score of one target in the reader's unit. Derived only: jmh.json
 * keeps JMH's own numbers and raw samples, and this file can always be made again from it.
 *
 * @param results one entry per benchmark and mode, in run order
 */
public record Metrics(int formatVersion, List<Entry> results) {

  public static final int FORMAT_VERSION = 1;

  public static Metrics of(List<Entry> results) {
    return new Metrics(FORMAT_VERSION, List.copyOf(results));
  }

  /**
   * One benchmark in one mode, in the reader's units.
   *
   * @param metric {@code unit.metric()}; written out so that a reader needs no table
   * @param error JMH's 99.9 % half-width in {@code unit}; NaN with too few iterations
   * @param jmhScore the score as JMH reported it, in {@code jmhUnit}
   * @param latencyPercentilesNs for {@code sample} mode: p50 ... max in ns; empty otherwise
   * @param counters the kernel counters profiler's figures by name ({@code irq.disk.virtio_blk/op},
   *     {@code cpu.user.%} ...; docs/results-format.md); empty when it did not run, and in files
   *     written before it existed
   */
  public record Entry(
      String benchmark,
      String mode,
      Map<String, String> params,
      String metric,
      Unit unit,
      double value,
      double error,
      double jmhScore,
      String jmhUnit,
      long samples,
      Map<String, Double> latencyPercentilesNs,
      Map<String, Double> counters) {

    public Entry {
      counters = counters == null ? Map.of() : counters;
    }

    public Entry(
        String benchmark,
        String mode,
        Map<String, String> params,
        Unit unit,
        double value,
        double error,
        double jmhScore,
        String jmhUnit,
        long samples,
        Map<String, Double> latencyPercentilesNs) {
      this(benchmark, mode, params, unit, value, error, jmhScore, jmhUnit, samples, latencyPercentilesNs, Map.of());
    }

    public Entry(
        String benchmark,
        String mode,
        Map<String, String> params,
        Unit unit,
        double value,
        double error,
        double jmhScore,
        String jmhUnit,
        long samples,
        Map<String, Double> latencyPercentilesNs,
        Map<String, Double> counters) {
      this(benchmark, mode, params, unit.metric(), unit, value, error, jmhScore, jmhUnit, samples,
          latencyPercentilesNs, counters);
    }
  }
}
