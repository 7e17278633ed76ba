package io.virtpath.runner.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.WorkloadParams;

/** The marks' text: what the lab's host parses (docs/results-format.md). */
class IterationMarksTest {
  @Test
  void noParamsIsADash() {
    assertEquals("-", IterationMarks.params(Map.of()));
    assertEquals("-", IterationMarks.params(KernelCountersTest.params("b.m", new WorkloadParams())));
  }

  @Test
  void paramsAreOneWordWithTheirSeparatorsEncoded() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("mode", "a b");
    p.put("list", "1,2");
    p.put("eq", "x=y");
    p.put("pct", "50%");
    p.put("name", "naïve");
    assertEquals("mode=a%20b,list=1%2C2,eq=x%3Dy,pct=50%25,name=naïve", IterationMarks.params(p));
  }

  @Test
  void linesAsTheContractSaysThem() {
    assertEquals("VIRTPATH-ITER begin thrpt a.B.m - 3", IterationMarks.beginLine("thrpt", "a.B.m", "-", 3));
    assertEquals("VIRTPATH-ITER end ss a.B.m k=v 3 1000 2000000",
        IterationMarks.endLine("ss", "a.B.m", "k=v", 3, 1000, 2_000_000));
  }

  @Test
  void eachLineStandsAlone(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("console");
    Files.writeString(f, "progress line without its newline yet");
    IterationMarks m = new IterationMarks(f.toString());
    m.begin(KernelCountersTest.params("a.B.m", new WorkloadParams()), 1);
    assertEquals("progress line without its newline yet\nVIRTPATH-ITER begin avgt a.B.m - 1\n",
        Files.readString(f, StandardCharsets.UTF_8));
  }

  @Test
  void anUnwritableFileStopsTheMarksNotTheCaller(@TempDir Path dir) {
    IterationMarks m = new IterationMarks(dir.resolve("no/such/dir/file").toString());
    assertTrue(m.enabled());
    m.begin(KernelCountersTest.params("a.B.m", new WorkloadParams()), 1);
    assertFalse(m.enabled());
    m.end(KernelCountersTest.params("a.B.m", new WorkloadParams()), 1, 1, 1); // silent
  }

  @Test
  void withoutAFileNothingIsWritten() {
    assertFalse(new IterationMarks(null).enabled());
  }
}
