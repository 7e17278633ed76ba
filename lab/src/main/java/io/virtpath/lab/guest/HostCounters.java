package io.virtpath.lab.guest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The host side of the per-operation counters for one guest: at each of the guest's iteration
 * marks ({@link IterationMark}, read from the serial console the moment it arrives) a snapshot of
 * QEMU's threads' CPU time and of KVM's exits; between a begin and its end, the difference per
 * thread group. {@link #document} gives host-counters.json.
 *
 * <p>Never throws at a mark: the console thread calls it, and counters must not end a target. A
 * failed reading loses that iteration (the file's note says why); a garbled mark likewise.
 */
public final class HostCounters {
  /** What a mark needs from the host: the threads and exits now. */
  interface Source {
    Reading read(boolean begin) throws IOException;
  }

  /**
   * @param hostNanos System.nanoTime() of the snapshot
   * @param kvmExits null when exits are not available
   */
  record Reading(long hostNanos, QemuThreads.Sample threads, Map<String, Long> kvmExits) {}

  private final String target;
  private final long qemuPid;
  private final String accel;
  private final Supplier<KvmExits.Availability> kvm;
  private final Source source;

  private final Map<IterationMark.Key, List<HostCountersJson.Iteration>> iterations = new LinkedHashMap<>();
  private final Map<Long, HostCountersJson.ThreadInfo> threads = new TreeMap<>();
  private QemuThreads.Clock clock;
  private IterationMark pending;
  private Reading pendingReading;
  private int marks;
  private int garbled;
  private int unpaired;
  private String firstError;

  HostCounters(String target, long qemuPid, String accel, KvmExits.Availability kvm, Source source) {
    this(target, qemuPid, accel, () -> kvm, source);
  }

  private HostCounters(String target, long qemuPid, String accel, Supplier<KvmExits.Availability> kvm, Source source) {
    this.target = target;
    this.qemuPid = qemuPid;
    this.accel = accel;
    this.kvm = kvm;
    this.source = source;
  }

  /**
   * The counters of the QEMU process {@code qemuPid} on this host.
   *
   * @param vhost whether the NIC runs with vhost (then its worker is looked for, also as a kernel thread)
   */
  public static HostCounters of(String target, long qemuPid, String accel, boolean vhost) {
    QemuThreads qemu = new QemuThreads(java.nio.file.Path.of("/proc"), qemuPid);
    KvmExits exits = KvmExits.of(qemuPid);
    // Decided at the first mark, not now: KVM creates the VM's debugfs directory while QEMU starts.
    Supplier<KvmExits.Availability> kvm = new Supplier<>() {
      private KvmExits.Availability known;

      @Override
      public synchronized KvmExits.Availability get() {
        if (known == null) {
          known = exits.availability(accel);
        }
        return known;
      }
    };
    return new HostCounters(target, qemuPid, accel, kvm, begin -> new Reading(
        System.nanoTime(), qemu.sample(begin && vhost), kvm.get().available() ? exits.read() : null));
  }

  /** A console line that carries a {@value IterationMark#PREFIX}: snapshot now, then account. */
  public void onLine(String line) {
    Reading r = null;
    IterationMark m;
    try {
      m = IterationMark.parse(line);
    } catch (IllegalArgumentException e) {
      synchronized (this) {
        garbled++;
      }
      return;
    }
    try {
      r = source.read(m.begin());
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        if (firstError == null) {
          firstError = "a host reading failed: " + e;
        }
      }
    }
    mark(m, r);
  }

  /** Accounts one mark with the reading taken for it (null: the reading failed). */
  synchronized void mark(IterationMark m, Reading r) {
    marks++;
    if (r != null) {
      for (QemuThreads.Thread t : r.threads().threads().values()) {
        threads.putIfAbsent(t.tid(), new HostCountersJson.ThreadInfo(t.tid(), t.comm(), t.group()));
      }
      if (clock == null || r.threads().clock() == QemuThreads.Clock.STAT_TICKS) {
        clock = r.threads().clock();
      }
    }
    if (m.begin()) {
      if (pending != null) {
        unpaired++; // its end never came
      }
      pending = m;
      pendingReading = r;
      return;
    }
    boolean paired = pending != null && pending.key().equals(m.key()) && pending.iteration() == m.iteration();
    if (paired && pendingReading != null && r != null && m.ops() > 0) {
      iterations.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(iteration(m, pendingReading, r));
    } else {
      // an end without its begin, a begin whose end is another's, a failed reading, no operations
      unpaired += paired || pending == null ? 1 : 2;
    }
    pending = null;
    pendingReading = null;
  }

  private static HostCountersJson.Iteration iteration(IterationMark end, Reading a, Reading b) {
    Map<String, Double> cpu = new LinkedHashMap<>();
    for (String g : QemuThreads.GROUPS) {
      cpu.put(g, 0.0);
    }
    Map<Long, QemuThreads.Thread> before = a.threads().threads();
    for (QemuThreads.Thread t : b.threads().threads().values()) {
      QemuThreads.Thread was = before.get(t.tid());
      // a thread started inside the iteration ran only inside it; one that ended inside is lost
      long nanos = was == null ? t.nanos() : t.nanos() - was.nanos();
      cpu.merge(t.group(), nanos / 1e3, Double::sum);
    }
    Map<String, Long> exits = null;
    if (a.kvmExits() != null && b.kvmExits() != null) {
      exits = new TreeMap<>();
      for (Map.Entry<String, Long> e : b.kvmExits().entrySet()) {
        exits.put(e.getKey(), e.getValue() - a.kvmExits().getOrDefault(e.getKey(), 0L));
      }
    }
    return new HostCountersJson.Iteration(end.iteration(), end.ops(), (b.hostNanos() - a.hostNanos()) / 1e9,
        end.guestNanos() / 1e9, cpu, exits);
  }

  /**
   * host-counters.json as it stands.
   *
   * @param whyNoMarks the note when the guest wrote no marks at all (e.g. it ran with --no-counters)
   */
  public synchronized HostCountersJson document(String whyNoMarks) {
    List<HostCountersJson.Benchmark> out = new ArrayList<>();
    for (Map.Entry<IterationMark.Key, List<HostCountersJson.Iteration>> e : iterations.entrySet()) {
      out.add(benchmark(e.getKey(), e.getValue()));
    }
    List<String> notes = new ArrayList<>();
    if (marks == 0) {
      notes.add(whyNoMarks);
    }
    if (garbled > 0) {
      notes.add(garbled + " console line(s) with a garbled " + IterationMark.PREFIX + " mark were ignored");
    }
    if (unpaired > 0 || pending != null) {
      notes.add((unpaired + (pending != null ? 1 : 0))
          + " iteration(s) without both marks, both readings and operations were not counted");
    }
    if (firstError != null) {
      notes.add(firstError);
    }
    String sampling = "host snapshot of /proc/" + qemuPid + "/task/*/"
        + (clock == QemuThreads.Clock.STAT_TICKS ? "stat" : "schedstat")
        + " when the guest's " + IterationMark.PREFIX + " line is read from the serial console (polled every "
        + ConsoleLog.POLL_MILLIS + " ms)";
    return new HostCountersJson(HostCountersJson.FORMAT_VERSION, target, qemuPid, accel,
        clock == null ? null : clock.json(), sampling, QemuThreads.GROUPS, List.copyOf(threads.values()),
        kvmAvailability(),
        out, notes.isEmpty() ? null : String.join("; ", notes));
  }

  private HostCountersJson.KvmAvailability kvmAvailability() {
    KvmExits.Availability a = kvm.get();
    return a.available()
        ? new HostCountersJson.KvmAvailability(true, "debugfs", null)
        : new HostCountersJson.KvmAvailability(false, null, a.reason());
  }

  /** Ratios of sums: the iterations' CPU time (and exits) over their operations (each has some). */
  static HostCountersJson.Benchmark benchmark(IterationMark.Key key, List<HostCountersJson.Iteration> its) {
    long ops = its.stream().mapToLong(HostCountersJson.Iteration::ops).sum();
    Map<String, Double> cpu = new LinkedHashMap<>();
    double total = 0;
    for (String g : QemuThreads.GROUPS) {
      double sum = its.stream().mapToDouble(i -> i.cpuMicros().get(g)).sum();
      total += sum;
      cpu.put(g, sum / ops);
    }
    cpu.put("total", total / ops);
    Map<String, Double> exits = null;
    if (!its.isEmpty() && its.stream().allMatch(i -> i.kvmExits() != null)) {
      Map<String, Long> sums = new TreeMap<>();
      its.forEach(i -> i.kvmExits().forEach((k, v) -> sums.merge(k, v, Long::sum)));
      exits = new TreeMap<>();
      for (Map.Entry<String, Long> e : sums.entrySet()) {
        exits.put(e.getKey(), (double) e.getValue() / ops);
      }
    }
    return new HostCountersJson.Benchmark(key.benchmark(), key.mode(), key.params(), its, ops, cpu, exits);
  }
}
