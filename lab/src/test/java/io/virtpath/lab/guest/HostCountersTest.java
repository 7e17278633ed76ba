package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.Json;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The accumulator: marks in, per-op figures out, by hand-made readings. */
class HostCountersTest {
  private static final long QEMU = 1000;
  private static final String BENCH = "io.virtpath.bench.disk.DiskRandomBench.randRead4kQd1";
  private static final KvmExits.Availability TCG = new KvmExits.Availability(false, "not available: TCG (...)");

  /** A reading: host time in ms, then the vCPU's, main loop's and (when >= 0) a worker's run time in µs. */
  private static HostCounters.Reading reading(long hostMillis, long vcpuMicros, long mainMicros, long workerMicros) {
    Map<Long, QemuThreads.Thread> t = new TreeMap<>();
    t.put(QEMU, new QemuThreads.Thread(QEMU, "qemu-system-x86", "main", mainMicros * 1000, QemuThreads.Clock.SCHEDSTAT));
    t.put(1001L, new QemuThreads.Thread(1001, "CPU 0/TCG", "vcpu", vcpuMicros * 1000, QemuThreads.Clock.SCHEDSTAT));
    if (workerMicros >= 0) {
      t.put(1002L, new QemuThreads.Thread(1002, "worker", "workers", workerMicros * 1000, QemuThreads.Clock.SCHEDSTAT));
    }
    return new HostCounters.Reading(hostMillis * 1_000_000, new QemuThreads.Sample(t, QemuThreads.Clock.SCHEDSTAT), null);
  }

  /** Counters whose readings are the queued ones, in order. */
  private static HostCounters counters(Deque<HostCounters.Reading> readings) {
    return new HostCounters("virtio", QEMU, "tcg", TCG, begin -> {
      HostCounters.Reading r = readings.poll();
      if (r == null) {
        throw new IOException("QEMU is gone");
      }
      return r;
    });
  }

  private static String begin(int i) {
    return "VIRTPATH-ITER begin thrpt " + BENCH + " size=4%20KiB " + i;
  }

  private static String end(int i, long ops) {
    return "VIRTPATH-ITER end thrpt " + BENCH + " size=4%20KiB " + i + " " + ops + " 1000000000";
  }

  @Test
  void perOpFiguresAreARatioOfSums() {
    HostCounters c = counters(new ArrayDeque<>(List.of(
        reading(0, 0, 0, -1), reading(1000, 800_000, 100_000, 30_000), // a worker started inside: all its time counts
        reading(2000, 800_000, 100_000, 30_000), reading(3000, 1_000_000, 130_000, 30_000))));
    c.onLine("12.345 " + begin(1)); // a console line: whatever precedes the mark is ignored
    c.onLine(end(1, 1000));
    c.onLine(begin(2));
    c.onLine(end(2, 3000));
    HostCountersJson doc = c.document("unused");
    assertNull(doc.note(), doc.note());
    assertEquals("schedstat", doc.cpuClock());
    assertEquals(1, doc.benchmarks().size());
    HostCountersJson.Benchmark b = doc.benchmarks().get(0);
    assertEquals(BENCH, b.benchmark());
    assertEquals("thrpt", b.mode());
    assertEquals(Map.of("size", "4 KiB"), b.params());
    assertEquals(4000, b.ops());
    HostCountersJson.Iteration first = b.iterations().get(0);
    assertEquals(800_000.0, first.cpuMicros().get("vcpu"));
    assertEquals(30_000.0, first.cpuMicros().get("workers"));
    assertEquals(0.0, first.cpuMicros().get("vhost"), "every group is present");
    assertEquals(1.0, first.hostSeconds());
    assertEquals(1.0, first.guestSeconds());
    // (800000 + 200000) / 4000 = 250, not the mean of 800 and 66.7
    assertEquals(250.0, b.cpuMicrosPerOp().get("vcpu"));
    assertEquals(32.5, b.cpuMicrosPerOp().get("main"));
    assertEquals(7.5, b.cpuMicrosPerOp().get("workers"));
    assertEquals(290.0, b.cpuMicrosPerOp().get("total"));
    assertNull(b.kvmExitsPerOp());
    assertEquals(List.of(QEMU, 1001L, 1002L), doc.threads().stream().map(HostCountersJson.ThreadInfo::tid).toList());
  }

  @Test
  void unpairedMarksAreDropped() {
    HostCounters c = counters(new ArrayDeque<>(List.of(
        reading(0, 0, 0, -1), // begin 1, whose end was lost
        reading(10, 50, 0, -1), reading(20, 150, 0, -1), // begin 2, end 2: counted
        reading(30, 150, 0, -1), // an end 9 without its begin
        reading(40, 150, 0, -1), reading(50, 250, 0, -1)))); // begin 3, end 4: another's end
    c.onLine(begin(1));
    c.onLine(begin(2));
    c.onLine(end(2, 10));
    c.onLine(end(9, 10));
    c.onLine(begin(3));
    c.onLine(end(4, 10));
    c.onLine("VIRTPATH-ITER end thrpt " + BENCH + " garbled[   0.5] 2"); // another writer's bytes inside
    HostCountersJson doc = c.document("unused");
    HostCountersJson.Benchmark b = doc.benchmarks().get(0);
    assertEquals(List.of(2), b.iterations().stream().map(HostCountersJson.Iteration::iteration).toList());
    assertEquals(10.0, b.cpuMicrosPerOp().get("vcpu"));
    assertTrue(doc.note().contains("4 iteration(s) without both marks"), doc.note());
    assertTrue(doc.note().contains("1 console line(s) with a garbled"), doc.note());
  }

  @Test
  void aFailedReadingIsANoteNotAnError() {
    HostCounters c = counters(new ArrayDeque<>(List.of(reading(0, 0, 0, -1))));
    c.onLine(begin(1));
    c.onLine(end(1, 10)); // QEMU is gone: the source throws
    HostCountersJson doc = c.document("unused");
    assertEquals(List.of(), doc.benchmarks());
    assertTrue(doc.note().contains("a host reading failed: java.io.IOException: QEMU is gone"), doc.note());
  }

  @Test
  void noMarksGiveEmptyBenchmarksAndTheNote() throws Exception {
    HostCountersJson doc = counters(new ArrayDeque<>()).document("the guest ran without the counters profiler (--no-counters)");
    assertEquals(List.of(), doc.benchmarks());
    assertEquals("the guest ran without the counters profiler (--no-counters)", doc.note());
    String json = Json.toString(doc);
    assertTrue(json.contains("\"benchmarks\" : [ ]"), json);
    assertTrue(json.contains("\"kvmExits\" : {\n    \"available\" : false,\n    \"reason\" : \"not available: TCG (...)\"\n  }"), json);
    assertEquals(List.of("vcpu", "main", "iothread", "workers", "vhost", "other"), doc.groups());
  }

  @Test
  void kvmExitsPerOp() {
    Map<Long, QemuThreads.Thread> none = Map.of();
    QemuThreads.Sample s = new QemuThreads.Sample(none, QemuThreads.Clock.SCHEDSTAT);
    Deque<HostCounters.Reading> r = new ArrayDeque<>(List.of(
        new HostCounters.Reading(0, s, Map.of("exits", 100L, "io_exits", 10L)),
        new HostCounters.Reading(1, s, Map.of("exits", 400L, "io_exits", 60L))));
    HostCounters c = new HostCounters("virtio", QEMU, "kvm", new KvmExits.Availability(true, null), b -> r.poll());
    c.onLine(begin(1));
    c.onLine(end(1, 100));
    HostCountersJson doc = c.document("unused");
    assertEquals(new HostCountersJson.KvmAvailability(true, "debugfs", null), doc.kvmExits());
    HostCountersJson.Benchmark b = doc.benchmarks().get(0);
    assertEquals(Map.of("exits", 300L, "io_exits", 50L), b.iterations().get(0).kvmExits());
    assertEquals(Map.of("exits", 3.0, "io_exits", 0.5), b.kvmExitsPerOp());
  }

  @Test
  void marksParse() {
    IterationMark m = IterationMark.parse("\u001b[0m VIRTPATH-ITER end ss a.B.m k=1%2C2,eq=x%3Dy,pct=50%25,n=na%C3%AFve 3 7 99 ");
    assertEquals(new IterationMark(false, "ss", "a.B.m", Map.of("k", "1,2", "eq", "x=y", "pct", "50%", "n", "naïve"), 3, 7, 99), m);
    assertEquals(Map.of(), IterationMark.parse("VIRTPATH-ITER begin avgt a.B.m - 1").params());
  }
}
