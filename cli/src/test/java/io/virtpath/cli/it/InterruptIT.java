package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped half-way keeps what it measured, marked partial with the reason; one that breaks is
 * sealed failed; either way it says so and prints the run directory last.
 */
class InterruptIT {
  @TempDir Path results;

  @Test
  void sigtermKeepsAPartialRecord() throws Exception {
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/interrupt"),
        "run", "--profile", "smoke", "--suites", "syscall,disk", "--label", "cut", "--results", results.toString())) {
      Path manifest = Records.awaitFirstResult(p, results, Duration.ofMinutes(3));
      p.terminate();
      p.waitFor(Duration.ofSeconds(60));
      JsonNode m = Records.read(manifest);
      assertEquals("partial", m.get("status").asText(), m.toPrettyString());
      assertTrue(m.get("reason").asText().contains("interrupted"), m.toPrettyString());
      JsonNode jmh = Records.read(manifest.resolveSibling("cut/jmh.json"));
      assertTrue(jmh.size() >= 1, "what was measured before the signal is kept");
      assertTrue(m.get("targets").get(0).get("benchmarksDone").asInt() < m.get("targets").get(0).get("benchmarksPlanned").asInt());
      try (Stream<Path> s = Files.list(results)) {
        assertEquals(1, s.count(), "the scratch dir was removed on the signal too");
      }
    }
  }

  @Test
  void sigtermKeepsAPartialValidation() throws Exception {
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/interrupt-validate"),
        "validate", "--profile", "smoke", "--results", results.toString())) {
      Path manifest = Records.awaitFirstResult(p, results, Duration.ofMinutes(3));
      JsonNode options = Records.read(manifest).get("options");
      p.interrupt();
      p.waitFor(Duration.ofSeconds(60));
      assertTrue(p.stdout().contains("status: partial (interrupted by a signal"), p.stdout());
      assertEquals(manifest.getParent().toRealPath().toString(), Path.of(p.lastLine()).toRealPath().toString());
      JsonNode m = Records.read(manifest);
      assertEquals("validate", m.get("kind").asText());
      assertEquals("partial", m.get("status").asText(), m.toPrettyString());
      assertTrue(m.get("reason").asText().contains("interrupted"), m.toPrettyString());
      JsonNode pairs = Records.read(manifest.resolveSibling("host/validation.json")).get("pairs");
      int measured = 0;
      for (JsonNode pair : pairs) {
        measured += pair.get("rounds").size();
      }
      assertTrue(measured >= 1 && measured < 18, "what was measured before the signal is kept: " + measured);
      try (Stream<Path> s = Files.list(results)) {
        assertEquals(1, s.count(), "the scratch dir was removed on the signal too");
      }
      String sockperfPort = options.get("sockperf").asText().replaceAll(".*:", "");
      assertTrue(ProcessHandle.allProcesses().noneMatch(ph -> ph.info().commandLine().orElse("")
          .matches(".*sockperf server .*-p " + sockperfPort + "\\b.*")), "the sockperf server was stopped");
    }
  }

  @Test
  void sigintSealsPartialPrintsTheStatusAndKeepsEveryPrintedResult() throws Exception {
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/interrupt-sigint"),
        "run", "--profile", "smoke", "--suites", "syscall", "--label", "cut", "--results", results.toString())) {
      Path manifest = Records.awaitFirstResult(p, results, Duration.ofMinutes(3));
      p.interrupt();
      assertEquals(130, p.waitFor(Duration.ofSeconds(60)), "killed by SIGINT: 128 + 2, as the JVM exits on it");
      JsonNode m = Records.read(manifest);
      assertEquals("partial", m.get("status").asText(), m.toPrettyString());
      String out = p.stdout();
      assertTrue(out.contains("status: partial (interrupted by a signal after "), out);
      assertEquals(manifest.getParent().toRealPath().toString(), Path.of(p.lastLine()).toRealPath().toString(),
          "the last line is the run directory");
      Set<String> recorded = new TreeSet<>();
      for (JsonNode e : Records.read(manifest.resolveSibling("cut/metrics.json")).get("results")) {
        recorded.add(shortName(e.get("benchmark").asText()));
      }
      Set<String> printed = printedResults(out);
      assertFalse(printed.isEmpty(), out);
      assertTrue(recorded.containsAll(printed), "printed " + printed + " but recorded " + recorded);
      assertEquals(recorded.size(), m.get("targets").get(0).get("benchmarksDone").asInt());
    }
  }

  @Test
  void aRunThatCannotWriteItsRecordIsSealedFailedNotLeftRunning() throws Exception {
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/interrupt-broken"),
        "run", "--profile", "smoke", "--suites", "syscall", "--label", "cut", "--results", results.toString())) {
      Path manifest = Records.awaitFirstResult(p, results, Duration.ofMinutes(3));
      // a real I/O failure: jmh.json becomes a non-empty directory, so the next rewrite cannot replace it
      Path jmh = manifest.resolveSibling("cut/jmh.json");
      while (!Files.isDirectory(jmh)) {
        try {
          Files.deleteIfExists(jmh);
          Files.createDirectories(jmh.resolve("in-the-way"));
        } catch (java.nio.file.FileAlreadyExistsException rewrittenMeanwhile) {
          // the run replaced it between our delete and mkdir: again
        }
      }
      assertEquals(1, p.waitFor(Duration.ofMinutes(3)));
      JsonNode m = Records.read(manifest);
      assertEquals("failed", m.get("status").asText(), m.toPrettyString());
      assertTrue(m.get("reason").asText().startsWith("java.nio.file.") && m.get("reason").asText().contains("jmh.json"),
          m.toPrettyString());
      assertFalse(m.get("endTime").isNull());
      Set<String> onDisk = new TreeSet<>();
      for (JsonNode e : Records.read(manifest.resolveSibling("cut/metrics.json")).get("results")) {
        onDisk.add(e.get("benchmark").asText());
      }
      assertEquals(onDisk.size(), m.get("targets").get(0).get("benchmarksDone").asInt(),
          "done counts what reached the disk, not the result whose write failed");
      assertTrue(m.get("reason").asText().endsWith("after " + onDisk.size() + " of 11 benchmarks"), m.toPrettyString());
      assertTrue(p.stdout().contains("status: failed (java.nio.file."), p.stdout());
      assertEquals(manifest.getParent().toRealPath().toString(), Path.of(p.lastLine()).toRealPath().toString());
      assertFalse(p.stderr().contains("\tat "), p.stderr());
    }
  }

  @Test
  void aValidationThatCannotWriteItsRecordIsSealedFailedNotLeftRunning() throws Exception {
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/interrupt-validate-broken"),
        "validate", "--profile", "smoke", "--suites", "syscall", "--rounds", "3", "--results", results.toString())) {
      Path manifest = Records.awaitFirstResult(p, results, Duration.ofMinutes(3));
      Path file = manifest.resolveSibling("host/validation.json");
      while (!Files.isDirectory(file)) {
        try {
          Files.deleteIfExists(file);
          Files.createDirectories(file.resolve("in-the-way"));
        } catch (java.nio.file.FileAlreadyExistsException rewrittenMeanwhile) {
          // rewritten between our delete and mkdir: again
        }
      }
      assertEquals(1, p.waitFor(Duration.ofMinutes(5)), p.stderr());
      JsonNode m = Records.read(manifest);
      assertEquals("failed", m.get("status").asText(), m.toPrettyString());
      assertTrue(m.get("reason").asText().startsWith("java.nio.file."), m.toPrettyString());
      assertTrue(p.stdout().contains("status: failed (java.nio.file."), p.stdout());
      assertEquals(manifest.getParent().toRealPath().toString(), Path.of(p.lastLine()).toRealPath().toString());
      assertFalse(p.stderr().contains("\tat "), p.stderr());
    }
  }

  @Test
  void ctrlCWhileTheTestFileIsWrittenLeavesASealedRecordAndNoScratch() throws Exception {
    // thorough: a 4 GiB test file, minutes of writing; the signal comes once writing has started
    try (VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/interrupt-scratch"),
        "run", "--profile", "thorough", "--suites", "disk", "--label", "cut", "--results", results.toString())) {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (!p.stdout().contains("disk: writing the")) {
        assertTrue(p.process().isAlive() && System.nanoTime() < deadline, "no test file written: " + p.stderr());
        Thread.sleep(100);
      }
      p.interrupt();
      assertEquals(130, p.waitFor(Duration.ofSeconds(60)), "killed by SIGINT");
      Path runDir = Path.of(p.lastLine());
      JsonNode m = Records.read(runDir.resolve("manifest.json"));
      assertTrue(m.get("reason").asText().startsWith("interrupted by a signal"), m.toPrettyString());
      assertTrue(m.get("options").get("scratch").asText().contains(".scratch-"), "the record names the scratch dir");
      try (Stream<Path> s = Files.list(results)) {
        assertEquals(List.of(runDir.getFileName().toString()), s.map(x -> x.getFileName().toString()).toList(),
            "the scratch dir and its test file are gone");
      }
    }
  }

  /** The benchmarks whose result lines were printed (progress line "[ n/N] suite.method", then the results). */
  static Set<String> printedResults(String stdout) {
    Set<String> printed = new TreeSet<>();
    String current = null;
    for (String line : stdout.lines().toList()) {
      Matcher start = Pattern.compile("^\\[\\s*\\d+/\\d+\\] (\\S+)").matcher(line);
      if (start.find()) {
        current = start.group(1);
      } else if (current != null && line.matches("^ {9}(avgt|thrpt|sample|ss) .*")) {
        printed.add(current);
      }
    }
    return printed;
  }

  /** "io.virtpath.bench.syscall.SyscallBench.getpid" as the progress prints it: "syscall.getpid". */
  static String shortName(String benchmark) {
    String rest = benchmark.substring("io.virtpath.bench.".length());
    return rest.substring(0, rest.indexOf('.')) + rest.substring(rest.lastIndexOf('.'));
  }
}
