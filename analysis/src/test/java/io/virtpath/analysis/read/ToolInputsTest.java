package io.virtpath.analysis.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.stats.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fio and iperf3 outputs through {@link Inputs#load}: keys, units, directions, replicates, dates. */
class ToolInputsTest {
  @TempDir Path tmp;

  private static RunData one(Path p) {
    Loaded l = Inputs.load(List.of(p));
    assertTrue(l.skipped().isEmpty(), l.skipped().toString());
    assertEquals(1, l.runs().size());
    return l.runs().get(0);
  }

  private static Map<String, BenchmarkResult> byName(RunData run) {
    assertEquals(1, run.targets().size());
    Map<String, BenchmarkResult> m = new java.util.LinkedHashMap<>();
    run.targets().get(0).results().forEach(r -> m.put(r.key().benchmark(), r));
    return m;
  }

  @Test
  void fioFileIsOneTargetDatedByFio() {
    Path file = Fixtures.FIO.resolve("randread-psync.json");
    RunData run = one(file);
    assertEquals(RunData.FIO, run.kind());
    assertEquals("randread-psync.json", run.id());
    assertEquals(Instant.ofEpochMilli(1795355819239L), run.startTime());
    assertEquals("randread-psync", run.targets().get(0).label());
    assertNull(run.targets().get(0).fingerprint());
    Map<String, BenchmarkResult> results = byName(run);
    assertEquals(List.of("fio.rr.read"), List.copyOf(results.keySet()), "the idle write side is left out");
    BenchmarkResult rr = results.get("fio.rr.read");
    assertEquals(BenchmarkKey.of("fio.rr.read", "randread", Map.of("bs", "4096", "ioengine", "psync")), rr.key());
    assertEquals("rr", rr.key().group());
    assertEquals("ops/s", rr.primary().unit().text());
    assertEquals(Direction.HIGHER_IS_BETTER, rr.primary().unit().direction());
    assertEquals(1, rr.forks());
    assertArrayEquals(new double[][] {{17776.611694}}, rr.primary().raw());
    assertEquals(List.of("bw", "clat.mean", "clat.p50", "clat.p99", "clat.p99.9"), List.copyOf(rr.secondary().keySet()));
    Metric bw = rr.secondary().get("bw");
    assertEquals("MB/s", bw.unit().text());
    assertEquals(Direction.HIGHER_IS_BETTER, bw.unit().direction());
    assertEquals(72.813001, bw.raw()[0][0], 1e-9);
    Metric clat = rr.secondary().get("clat.mean");
    assertEquals("ns/op", clat.unit().text());
    assertEquals(Direction.LOWER_IS_BETTER, clat.unit().direction());
    assertEquals(55978.912372, clat.raw()[0][0]);
    assertEquals(87552, rr.secondary().get("clat.p99").raw()[0][0]);
    assertEquals(205824, rr.secondary().get("clat.p99.9").raw()[0][0]);
  }

  @Test
  void fioKeysPerJobAndSide() {
    Map<String, BenchmarkResult> mixed = byName(one(Fixtures.FIO.resolve("randrw-mixed.json")));
    assertEquals(List.of("fio.mixed.read", "fio.mixed.write"), List.copyOf(mixed.keySet()));
    assertEquals("bs=4096,iodepth=4,ioengine=libaio", mixed.get("fio.mixed.write").key().paramsText());
    assertEquals(14728.635682, mixed.get("fio.mixed.write").primary().raw()[0][0]);
    Map<String, BenchmarkResult> two = byName(one(Fixtures.FIO.resolve("two-jobs.json")));
    assertEquals(List.of("fio.a.read", "fio.b.write"), List.copyOf(two.keySet()));
    assertEquals("randwrite", two.get("fio.b.write").key().mode());
    assertEquals("bs=8192,ioengine=psync", two.get("fio.b.write").key().paramsText());
    Map<String, BenchmarkResult> seq = byName(one(Fixtures.FIO.resolve("seqwrite-1m.json")));
    assertEquals(4053.341009, seq.get("fio.seqwrite.write").secondary().get("bw").raw()[0][0], 1e-9);
    assertEquals("capped", byName(one(Fixtures.FIO.resolve("warn-prefix.json"))).get("fio.capped.read")
        .key().group(), "fio's note before the JSON does not stop the import");
  }

  @Test
  void iperf3IntervalsAreIterationsOfTheSideTheClientMeasured() {
    RunData run = one(Fixtures.IPERF3.resolve("tcp-forward.json"));
    assertEquals(RunData.IPERF3, run.kind());
    assertEquals(Instant.ofEpochSecond(1795355842L), run.startTime());
    assertEquals("tcp-forward", run.targets().get(0).label());
    Map<String, BenchmarkResult> r = byName(run);
    assertEquals(List.of("iperf3.TCP.send", "iperf3.TCP.receive"), List.copyOf(r.keySet()));
    BenchmarkResult send = r.get("iperf3.TCP.send");
    assertEquals(BenchmarkKey.of("iperf3.TCP.send", "forward", Map.of("length", "65536", "streams", "1")), send.key());
    assertEquals("MB/s", send.primary().unit().text());
    assertEquals(Direction.HIGHER_IS_BETTER, send.primary().unit().direction());
    assertArrayEquals(new double[][] {{20696600675.777653 / 8e6, 22103403027.819733 / 8e6}}, send.primary().raw());
    assertEquals(21399799075.370735 / 8e6, send.primary().jmhScore());
    assertEquals(1, send.secondary().get("retransmits").raw()[0][0]);
    BenchmarkResult receive = r.get("iperf3.TCP.receive");
    assertArrayEquals(new double[][] {{21397028372.155338 / 8e6}}, receive.primary().raw(),
        "the receiver's intervals are not in the client's output");
    assertTrue(receive.secondary().isEmpty());
    // one file is one fork: its intervals are the replicates only for want of better, and the row says so
    Sample s = Sample.fromForks(send.primary().iterationValues(), send.primary().forkMeans());
    assertEquals(Sample.ITERATIONS, s.unit());
    assertEquals(2, s.n());
  }

  @Test
  void iperf3ReverseAndUdp() {
    Map<String, BenchmarkResult> rev = byName(one(Fixtures.IPERF3.resolve("tcp-reverse.json")));
    BenchmarkResult receive = rev.get("iperf3.TCP.receive");
    assertEquals("reverse", receive.key().mode());
    assertArrayEquals(new double[][] {{25246488687.6005 / 8e6, 29081818540.3112 / 8e6}}, receive.primary().raw());
    assertEquals(1, rev.get("iperf3.TCP.send").primary().raw()[0].length);
    Map<String, BenchmarkResult> udp = byName(one(Fixtures.IPERF3.resolve("udp.json")));
    assertEquals(List.of("iperf3.UDP.send", "iperf3.UDP.receive"), List.copyOf(udp.keySet()));
    assertEquals("bitrate=100000000,length=1400,streams=1", udp.get("iperf3.UDP.send").key().paramsText());
    assertTrue(udp.get("iperf3.UDP.send").secondary().isEmpty(), "no retransmits for UDP");
  }

  @Test
  void directoryOfFioFilesIsOneTargetWithAForkPerFile() {
    RunData run = one(Fixtures.FIO.resolve("replicates"));
    assertEquals(RunData.FIO, run.kind());
    assertEquals("replicates", run.targets().get(0).label());
    assertEquals(Instant.ofEpochMilli(1795355862113L), run.startTime(), "the earliest file");
    BenchmarkResult rr = byName(run).get("fio.rr.read");
    assertEquals(3, rr.forks());
    assertArrayEquals(new double[][] {{18539.460539}, {18935.064935}, {19059.94006}}, rr.primary().raw());
    assertEquals(3, rr.secondary().get("clat.p99").forks());
    Sample s = Sample.fromForks(rr.primary().iterationValues(), rr.primary().forkMeans());
    assertEquals(Sample.FORKS, s.unit());
    assertEquals(3, s.n());
  }

  @Test
  void directoryOfIperf3FilesHasForksOfIntervals() {
    BenchmarkResult send = byName(one(Fixtures.IPERF3.resolve("replicates"))).get("iperf3.TCP.send");
    assertEquals(3, send.forks());
    assertEquals(2, send.primary().raw()[0].length);
    Sample s = Sample.fromForks(send.primary().iterationValues(), send.primary().forkMeans());
    assertEquals(Sample.FORKS, s.unit(), "the files are the replicates, not the intervals");
    assertEquals(3, s.n());
  }

  @Test
  void directoryUsesItsOutputsAndReportsTheRest() throws Exception {
    Path dir = Fixtures.copyTree(Fixtures.FIO.resolve("replicates"), tmp.resolve("rr"));
    Files.copy(Fixtures.FIO.resolve("error-unlink.json"), dir.resolve("failed.json"));
    Files.writeString(dir.resolve("notes.json"), "{\"comment\": \"host, 2 cores\"}\n");
    Files.writeString(dir.resolve("README.txt"), "not json, not looked at\n");
    Loaded l = Inputs.load(List.of(dir));
    assertEquals(1, l.runs().size());
    assertEquals(3, l.runs().get(0).targets().get(0).results().get(0).forks());
    List<String> problems = l.skipped().stream().map(Skipped::toString).toList();
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("failed.json: job 'ioerr' failed"), problems.get(0));
    assertTrue(problems.get(1).contains("notes.json: neither fio nor iperf3"), problems.get(1));
  }

  @Test
  void failedAndForeignOutputsAreSkippedWithTheToolsWords() throws Exception {
    Path odd = Files.writeString(tmp.resolve("odd.json"), "{\"results\": []}");
    Path cut = Files.writeString(tmp.resolve("cut.json"),
        Files.readString(Fixtures.FIO.resolve("warn-prefix.json")).substring(0, 900));
    Loaded l = Inputs.load(List.of(Fixtures.IPERF3.resolve("error-refused.json"), Fixtures.FIO.resolve("error-unlink.json"),
        odd, cut, Fixtures.FIO.resolve("two-jobs.json")));
    assertEquals(1, l.runs().size(), "two-jobs.json");
    List<String> problems = l.skipped().stream().map(Skipped::problem).toList();
    assertEquals("iperf3 reported an error: unable to connect to server: Connection refused", problems.get(0));
    assertTrue(problems.get(1).startsWith("job 'ioerr' failed: fio reports error 1"), problems.get(1));
    assertTrue(problems.get(2).contains("none of the accepted outputs"), problems.get(2));
    assertTrue(problems.get(3).matches("line \\d+, column \\d+: not valid JSON: it ends before it is complete.*"),
        problems.get(3));
  }

  @Test
  void sameFileNamesAreLabelledByTheirDirectory() throws Exception {
    Path a = Files.copy(Fixtures.FIO.resolve("randread-psync.json"),
        Files.createDirectories(tmp.resolve("host")).resolve("fio.json"));
    Path b = Files.copy(Fixtures.FIO.resolve("randread-psync.json"),
        Files.createDirectories(tmp.resolve("guest")).resolve("fio.json"));
    assertEquals(List.of("host/fio", "guest/fio"),
        Inputs.load(List.of(a, b)).targets().stream().map(TargetData::label).toList());
  }
}
