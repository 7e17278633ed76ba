package io.virtpath.runner.counters;

/**
 * Voluntary and involuntary context switches, from the {@code voluntary_ctxt_switches} and {@code
 * nonvoluntary_ctxt_switches} lines of /proc/PID/task/TID/status. Summing them over a process's
 * tasks gives the process's own switches (a thread that exited between two readings takes its
 * count with it, which is why the profiler reads only the JVM that runs the benchmark).
 */
public record TaskSwitches(long voluntary, long involuntary) {

  public static final TaskSwitches NONE = new TaskSwitches(0, 0);

  public static TaskSwitches parse(String status) {
    long vol = -1;
    long invol = -1;
    for (String row : status.split("\n")) {
      if (row.startsWith("voluntary_ctxt_switches:")) {
        vol = Long.parseLong(row.substring(row.indexOf(':') + 1).trim());
      } else if (row.startsWith("nonvoluntary_ctxt_switches:")) {
        invol = Long.parseLong(row.substring(row.indexOf(':') + 1).trim());
      }
    }
    if (vol < 0 || invol < 0) {
      throw new IllegalArgumentException("a task status without voluntary_ctxt_switches/nonvoluntary_ctxt_switches");
    }
    return new TaskSwitches(vol, invol);
  }

  public TaskSwitches plus(TaskSwitches o) {
    return new TaskSwitches(voluntary + o.voluntary, involuntary + o.involuntary);
  }
}
