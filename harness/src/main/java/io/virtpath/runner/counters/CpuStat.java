package io.virtpath.runner.counters;

/**
 * The lines of /proc/stat the profiler reads: the all-CPU {@code cpu} line (in clock ticks) and
 * {@code ctxt}, the context switches of the whole system since boot.
 *
 * <p>{@link #total()} leaves out {@code guest} and {@code guest_nice}: the kernel already counts
 * them inside {@code user} and {@code nice}.
 */
public record CpuStat(
    long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal, long contextSwitches) {

  public static CpuStat parse(String text) {
    long[] cpu = null;
    long ctxt = -1;
    for (String row : text.split("\n")) {
      if (row.startsWith("cpu ")) {
        String[] cols = row.substring(4).trim().split("\\s+");
        cpu = new long[8];
        for (int i = 0; i < cpu.length && i < cols.length; i++) {
          cpu[i] = Long.parseLong(cols[i]);
        }
      } else if (row.startsWith("ctxt ")) {
        ctxt = Long.parseLong(row.substring(5).trim());
      }
    }
    if (cpu == null || ctxt < 0) {
      throw new IllegalArgumentException("/proc/stat without a 'cpu ' or a 'ctxt' line");
    }
    return new CpuStat(cpu[0], cpu[1], cpu[2], cpu[3], cpu[4], cpu[5], cpu[6], cpu[7], ctxt);
  }

  public long total() {
    return user + nice + system + idle + iowait + irq + softirq + steal;
  }
}
