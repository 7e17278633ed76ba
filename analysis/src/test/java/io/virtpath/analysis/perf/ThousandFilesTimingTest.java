package io.virtpath.analysis.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the timing harness working and catches gross slow-downs in the build: 100 files (a tenth
 * of the target) within the 1,000-file budget. The figure for 1,000 files comes from running
 * {@link ThousandFilesTiming#main} with -Xmx1g (docs/analysis.md, "Performance").
 */
class ThousandFilesTimingTest {
  @TempDir Path tmp;

  @Test
  void hundredFilesWellWithinBudget() throws Exception {
    List<Path> files = ThousandFilesTiming.generate(100, tmp.resolve("in"));
    ThousandFilesTiming.Timing t = ThousandFilesTiming.measure(files, tmp.resolve("out"));
    System.out.println("ThousandFilesTimingTest: " + t);
    assertEquals(10, t.benchmarks(), "10 benchmarks per file");
    assertTrue(t.totalSeconds() < 10, t.toString());
    assertTrue(Files.readString(t.report()).contains("result-0099"), "every file is a target of the report");
  }
}
