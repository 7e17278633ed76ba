package io.virtpath.runner.counters;

/**
 * Every counter the profiler reads, at one moment.
 *
 * @param nanos {@link System#nanoTime()} when the reading started
 * @param block null when no block device is read
 */
public record Snapshot(
    long nanos, Interrupts interrupts, Softirqs softirqs, CpuStat cpu, ProcessSwitches process, BlockStat block) {}
