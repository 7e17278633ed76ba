package io.virtpath.analysis.read.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.read.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Against real fio 3.33 outputs (src/test/resources/fio/README.md); expected numbers read from the files. */
class FioReportTest {
  static final Path FIO = Path.of("src/test/resources/fio");

  static FioReport parse(String name) throws Exception {
    Path p = FIO.resolve(name);
    return FioReport.parse(Files.readString(p), p.toString());
  }

  static String text(String name) throws Exception {
    return Files.readString(FIO.resolve(name));
  }

  @Test
  void randomReadWithPsync() throws Exception {
    FioReport r = parse("randread-psync.json");
    assertEquals("fio-3.33", r.fioVersion());
    assertEquals(1795355819239L, r.timestampMs());
    assertEquals(1, r.jobs().size());
    FioJob j = r.jobs().get(0);
    assertEquals("rr", j.name());
    assertEquals("randread", j.rw());
    assertEquals(4096L, j.bs());
    assertNull(j.iodepth(), "not given: fio's default, not written in the output");
    assertEquals("psync", j.ioengine());
    assertEquals(2000, j.jobRuntimeMs());
    FioSide read = j.read();
    assertTrue(read.active());
    assertEquals(35571, read.ios());
    assertEquals(17776.611694, read.iops());
    assertEquals(72813001, read.bwBytesPerSec());
    assertEquals(2001, read.runtimeMs());
    assertEquals(55978.912372, read.clatMeanNs());
    assertEquals(17, read.clatPercentilesNs().size());
    assertEquals(56064, read.clatPercentilesNs().get("50.000000"));
    assertEquals(56064, read.percentileNs(50));
    assertEquals(87552, read.percentileNs(99));
    assertEquals(205824, read.percentileNs(99.9));
    assertEquals(1269760, read.percentileNs(99.99));
    assertTrue(Double.isNaN(read.percentileNs(99.999)), "not reported by fio");
    assertFalse(j.write().active());
    assertEquals(0, j.write().ios());
    assertTrue(j.write().clatPercentilesNs().isEmpty());
  }

  @Test
  void queueDepth16WithLibaio() throws Exception {
    FioJob j = parse("randread-libaio-qd16.json").jobs().get(0);
    assertEquals("rr-qd16", j.name());
    assertEquals(16, j.iodepth());
    assertEquals("libaio", j.ioengine());
    assertEquals(144938, j.read().ios());
    assertEquals(72432.783608, j.read().iops());
    assertEquals(216146.989713, j.read().clatMeanNs());
    assertEquals(280576, j.read().percentileNs(99));
  }

  @Test
  void sequentialWriteOfOneMebibyte() throws Exception {
    FioJob j = parse("seqwrite-1m.json").jobs().get(0);
    assertEquals("write", j.rw());
    assertEquals(1048576L, j.bs());
    assertFalse(j.read().active());
    assertEquals(7735, j.write().ios());
    assertEquals(3865.567216, j.write().iops());
    assertEquals(4053341009.0, j.write().bwBytesPerSec());
    assertEquals(254873.62883, j.write().clatMeanNs());
  }

  @Test
  void mixedRandomReadWriteHasBothSides() throws Exception {
    FioJob j = parse("randrw-mixed.json").jobs().get(0);
    assertEquals("randrw", j.rw());
    assertEquals(4, j.iodepth());
    assertTrue(j.read().active() && j.write().active());
    assertEquals(69290, j.read().ios());
    assertEquals(34627.686157, j.read().iops());
    assertEquals(29472, j.write().ios());
    assertEquals(14728.635682, j.write().iops());
    assertEquals(125440, j.write().percentileNs(99));
  }

  @Test
  void twoJobsTakeTheGlobalOptions() throws Exception {
    FioReport r = parse("two-jobs.json");
    assertEquals(2, r.jobs().size());
    FioJob a = r.jobs().get(0);
    FioJob b = r.jobs().get(1);
    assertEquals("a", a.name());
    assertEquals("randread", a.rw());
    assertEquals(4096L, a.bs());
    assertEquals("psync", a.ioengine(), "from \"global options\"");
    assertEquals(16251.748252, a.read().iops());
    assertEquals("b", b.name());
    assertEquals("randwrite", b.rw());
    assertEquals(8192L, b.bs());
    assertEquals("psync", b.ioengine());
    assertEquals(16263.736264, b.write().iops());
    assertEquals(1000, b.jobRuntimeMs());
  }

  @Test
  void textBeforeTheJsonIsSkipped() throws Exception {
    assertTrue(text("warn-prefix.json").startsWith("note: both iodepth >= 1 and synchronous I/O engine"),
        "the fixture starts with fio's own note");
    FioJob j = parse("warn-prefix.json").jobs().get(0);
    assertEquals("capped", j.name());
    assertEquals(16, j.iodepth());
    assertEquals(18071.928072, j.read().iops());
  }

  @Test
  void aFailedJobIsAnErrorNamingTheJob() {
    InputException e = assertThrows(InputException.class, () -> parse("error-unlink.json"));
    assertTrue(e.problem().contains("job 'ioerr'") && e.problem().contains("error 1"), e.problem());
    assertEquals(FIO.resolve("error-unlink.json"), e.path());
  }

  @Test
  void truncatedOutputNamesTheLineCountingTheTextBeforeIt() throws Exception {
    String all = text("warn-prefix.json");
    String cut = all.substring(0, all.indexOf("\"clat_ns\""));
    InputException e = assertThrows(InputException.class, () -> FioReport.parse(cut, "cut.json"));
    long lines = cut.lines().count();
    assertTrue(e.problem().startsWith("line " + lines + ", column "), e.problem());
    assertTrue(e.problem().contains("not valid JSON") && e.problem().contains("truncated"), e.problem());
    assertEquals("cut.json: " + e.problem(), e.getMessage());
  }

  @Test
  void otherFilesAreRefusedWithWhatTheyAre() throws Exception {
    InputException iperf = assertThrows(InputException.class,
        () -> FioReport.parse(Files.readString(Path.of("src/test/resources/iperf3/tcp-forward.json")), "x.json"));
    assertTrue(iperf.problem().contains("not fio JSON output") && iperf.problem().contains("iperf3"),
        iperf.problem());
    InputException jmh = assertThrows(InputException.class,
        () -> FioReport.parse(Files.readString(Path.of("src/test/resources/jmh/modes/thrpt.json")), "thrpt.json"));
    assertTrue(jmh.problem().contains("a JSON array (JMH"), jmh.problem());
    InputException empty = assertThrows(InputException.class, () -> FioReport.parse(" \n", "empty.json"));
    assertTrue(empty.problem().contains("empty"), empty.problem());
    InputException text = assertThrows(InputException.class,
        () -> FioReport.parse("rr: (g=0): rw=randread, bs=(R) 4096B-4096B\n", "normal.txt"));
    assertTrue(text.problem().contains("--output-format=json"), text.problem());
  }

  @Test
  void blockSizesInFioNotation() {
    assertEquals(4096L, FioJob.bytes("4k", null));
    assertEquals(4096L, FioJob.bytes("4K", null));
    assertEquals(1048576L, FioJob.bytes("1m", null));
    assertEquals(4096L, FioJob.bytes("4096", null));
    assertEquals(4096L, FioJob.bytes("4kb", null));
    assertEquals(4000L, FioJob.bytes("4KiB", null), "fio's default kb_base=1024 reverses the IEC meaning");
    assertEquals(4000L, FioJob.bytes("4k", "1000"));
    assertEquals(4096L, FioJob.bytes("4KiB", "1000"));
    assertEquals(4096L, FioJob.bytes("4k,4k", null));
    assertNull(FioJob.bytes("4k,8k", null), "read and write sizes differ: not one size");
    assertNull(FioJob.bytes("4k-16k", null));
    assertNull(FioJob.bytes("big", null));
    assertNull(FioJob.bytes(null, null));
  }
}
