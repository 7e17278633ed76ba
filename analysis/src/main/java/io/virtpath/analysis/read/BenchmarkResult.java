package io.virtpath.analysis.read;

import java.util.Map;

/**
 * One entry of a JMH JSON file.
 *
 * @param secondary secondary metrics by name, in file order (profilers, {@code @AuxCounters})
 */
public record BenchmarkResult(
    BenchmarkKey key,
    int threads,
    int forks,
    String jmhVersion,
    String jdkVersion,
    Metric primary,
    Map<String, Metric> secondary) {}
