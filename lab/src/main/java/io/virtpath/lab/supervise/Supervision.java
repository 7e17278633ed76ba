package io.virtpath.lab.supervise;

import io.virtpath.core.ProcessOwner;

/**
 * Who supervises this lab: the process that re-executed it inside its own PID and mount namespaces
 * ({@link LabSupervisor}), named by pid and kernel start time so a reused pid is not mistaken for
 * it. Passed down in {@link #ENV}; every process the lab starts inherits it.
 *
 * @param pid the supervisor's pid, as the host sees it
 * @param startTicks field 22 of its /proc/PID/stat (start time in clock ticks since boot)
 */
public record Supervision(long pid, long startTicks) {
  public static final String ENV = "VIRTPATH_SUPERVISOR";

  /** This process's supervision, or null when it was not started by {@link LabSupervisor}. */
  public static Supervision current() {
    return parse(System.getenv(ENV));
  }

  /**
   * This lab's pid as the host sees it: the supervisor's when supervised (the lab itself is PID 1
   * of its own namespace, as is every supervised lab), else this process's.
   */
  public static long hostPid() {
    Supervision s = current();
    return s != null ? s.pid() : ProcessHandle.current().pid();
  }

  static Supervision parse(String value) {
    if (value == null || !value.matches("\\d{1,10}:\\d{1,20}")) {
      return null;
    }
    String[] f = value.split(":");
    return new Supervision(Long.parseLong(f[0]), Long.parseLong(f[1]));
  }

  String env() {
    return pid + ":" + startTicks;
  }

  /**
   * Whether that very process still runs (same pid and same start time). Judged by pid and start
   * time only, unlike {@link ProcessOwner#isAlive}: a supervisor is always in the host's PID
   * namespace, and callers ask from there (Leftovers).
   */
  public boolean alive() {
    return startTicks == ProcessOwner.startTicks(pid);
  }

  static Supervision self() {
    ProcessOwner me = ProcessOwner.self();
    return new Supervision(me.pid(), me.startTicks());
  }
}
