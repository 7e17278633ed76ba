package io.virtpath.runner.counters;

/**
 * The fields of /sys/block/DEV/stat the profiler reads (Documentation/block/stat.rst): requests
 * merged (read, write and, on kernels that have the column, discard), requests in flight now, and
 * the weighted time in queue (ms; its growth over an interval divided by the interval is the
 * average number of requests in flight, iostat's {@code aqu-sz}).
 */
public record BlockStat(long merged, long inFlight, long weightedQueueMillis) {

  public static BlockStat parse(String text) {
    String[] f = text.trim().split("\\s+");
    if (f.length < 11) {
      throw new IllegalArgumentException("a block stat file needs at least 11 fields, this one has " + f.length);
    }
    long merged = Long.parseLong(f[1]) + Long.parseLong(f[5]) + (f.length >= 15 ? Long.parseLong(f[12]) : 0);
    return new BlockStat(merged, Long.parseLong(f[8]), Long.parseLong(f[10]));
  }
}
