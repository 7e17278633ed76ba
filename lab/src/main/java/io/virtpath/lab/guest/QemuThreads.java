package io.virtpath.lab.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * QEMU's threads on the host and the CPU time each has run, from {@code /proc/PID/task/*}: the
 * host side of the per-operation counters ({@link HostCounters}). With {@code -name
 * NAME,debug-threads=on} QEMU names its threads, so the names say what a thread does.
 *
 * <p>A vhost-net worker is a task of QEMU's own thread group since Linux 6.4 ("vhost-PID"), a
 * kernel thread of the same name before: when QEMU's tasks have none, all of /proc is scanned for
 * it (once per {@link #sample(boolean) sample} that asks, at an iteration's begin mark).
 */
public final class QemuThreads {
  /** The thread groups of host-counters.json, in the order the file lists them. */
  public static final List<String> GROUPS = List.of("vcpu", "main", "iothread", "workers", "vhost", "other");

  /** How the CPU time was read: schedstat's run time in ns, or stat's utime+stime in ticks. */
  public enum Clock {
    SCHEDSTAT("schedstat"),
    STAT_TICKS("stat-ticks");

    private final String json;

    Clock(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }
  }

  /** USER_HZ: 100 on every Linux architecture virtpath runs on (the ABI fixes it for x86). */
  private static final long NANOS_PER_TICK = 10_000_000L;
  /** "CPU 0/KVM" per vCPU; "ALL CPUs/TCG" is single-threaded TCG's one thread for all of them (tcg,thread=single). */
  private static final Pattern VCPU = Pattern.compile("(CPU \\d+|ALL CPUs)/(TCG|KVM|HVF|WHPX)");

  /**
   * One thread at one moment.
   *
   * @param nanos CPU time the thread has run so far
   * @param clock where that time came from
   */
  public record Thread(long tid, String comm, String group, long nanos, Clock clock) {}

  /** Every thread found, by tid, and how their time was read. */
  public record Sample(Map<Long, Thread> threads, Clock clock) {}

  private final Path proc;
  private final long qemuPid;
  /** The pre-6.4 vhost kernel thread once found (its tid), or -1. */
  private long vhostKthread = -1;

  /** @param proc the proc filesystem's root ({@code /proc} except in tests) */
  public QemuThreads(Path proc, long qemuPid) {
    this.proc = proc;
    this.qemuPid = qemuPid;
  }

  /** The group a QEMU thread belongs to, by its name (comm) and tid. */
  public static String group(String comm, long tid, long qemuPid) {
    if (tid == qemuPid) {
      return "main";
    }
    if (VCPU.matcher(comm).matches()) {
      return "vcpu";
    }
    if (comm.startsWith("IO ")) {
      return "iothread";
    }
    if (comm.equals("worker")) {
      return "workers";
    }
    // comm is at most 15 characters: "vhost-" and a pid of up to 9 digits fits
    if (comm.equals("vhost-" + qemuPid)) {
      return "vhost";
    }
    return "other";
  }

  /**
   * Reads every thread of QEMU now (and the vhost kernel thread of an older kernel).
   *
   * @param scanForVhost look through all of /proc for a vhost kernel thread when QEMU has no vhost task
   * @throws IOException when QEMU's task directory cannot be read (QEMU has exited)
   */
  public Sample sample(boolean scanForVhost) throws IOException {
    Map<Long, Thread> out = new TreeMap<>();
    Clock clock = Clock.SCHEDSTAT;
    boolean vhostTask = false;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve(qemuPid + "/task"))) {
      for (Path t : tasks) {
        Thread th = read(t);
        if (th == null) {
          continue; // exited between the listing and the read
        }
        out.put(th.tid(), th);
        vhostTask |= th.group().equals("vhost");
      }
    }
    if (!vhostTask) {
      if (scanForVhost && vhostKthread < 0) {
        vhostKthread = findVhostKthread();
      }
      if (vhostKthread > 0) {
        Thread th = read(proc.resolve(vhostKthread + "/task/" + vhostKthread));
        if (th != null) {
          out.put(th.tid(), th);
        } else {
          vhostKthread = -1;
        }
      }
    }
    for (Thread th : out.values()) {
      if (th.clock() == Clock.STAT_TICKS) {
        clock = Clock.STAT_TICKS; // the coarser one says what the figures are worth
      }
    }
    return new Sample(out, clock);
  }

  /** One task directory, or null when the thread is gone. */
  private Thread read(Path task) throws IOException {
    long tid;
    try {
      tid = Long.parseLong(task.getFileName().toString());
    } catch (NumberFormatException e) {
      return null;
    }
    try {
      String comm = Files.readString(task.resolve("comm"), StandardCharsets.ISO_8859_1).strip();
      Path schedstat = task.resolve("schedstat");
      String group = group(comm, tid, qemuPid);
      // schedstat is missing without CONFIG_SCHEDSTATS (and with schedstats off before 5.x)
      if (Files.exists(schedstat)) {
        long nanos = parseSchedstat(Files.readString(schedstat, StandardCharsets.ISO_8859_1));
        return new Thread(tid, comm, group, nanos, Clock.SCHEDSTAT);
      }
      long ticks = parseStatTicks(Files.readString(task.resolve("stat"), StandardCharsets.ISO_8859_1));
      return new Thread(tid, comm, group, ticks * NANOS_PER_TICK, Clock.STAT_TICKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** schedstat: "RUN_NS WAIT_NS SLICES". */
  static long parseSchedstat(String text) {
    String[] f = text.strip().split("\\s+");
    try {
      return Long.parseLong(f[0]);
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("not a schedstat line: '" + text.strip() + "'");
    }
  }

  /** stat: utime + stime (fields 14 and 15); the name in parentheses may hold spaces and ')'. */
  static long parseStatTicks(String text) {
    int close = text.lastIndexOf(')');
    String[] f = text.substring(close + 1).strip().split("\\s+");
    try {
      // f[0] is field 3 (state): utime is field 14, stime 15
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("not a /proc stat line: '" + text.strip() + "'");
    }
  }

  /** The pid of a kernel thread named vhost-QEMUPID, or -1. */
  private long findVhostKthread() throws IOException {
    String name = "vhost-" + qemuPid;
    try (DirectoryStream<Path> all = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path p : all) {
        try {
          if (Files.readString(p.resolve("comm"), StandardCharsets.ISO_8859_1).strip().equals(name)) {
            return Long.parseLong(p.getFileName().toString());
          }
        } catch (NoSuchFileException e) {
          // exited while we looked
        }
      }
    }
    return -1;
  }
}
