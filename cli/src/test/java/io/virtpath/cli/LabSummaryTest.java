package io.virtpath.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.cli.it.AnalysisFixtures;
import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.LabRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's last lines, on a real lab record (analysis' lab-tcg fixture: host and a TCG guest, interrupted). */
class LabSummaryTest {
  /** Relative to the cli module, where the tests run (as the ITs' AnalysisFixtures reaches it). */
  static final Path LAB_TCG = Path.of("..", "analysis", "src", "test", "resources", "jmh", "lab-tcg")
      .toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void printsTheHeadlineAndTheTcgWarningWritesTheReportAndEndsWithTheRunDirectory() throws IOException {
    Path run = AnalysisFixtures.copyTree(LAB_TCG, tmp.resolve("20261130-103919-4f8a"));
    byte[] manifest = Files.readAllBytes(run.resolve("manifest.json"));
    byte[] labJson = Files.readAllBytes(run.resolve("lab.json"));

    List<String> lines = print(run, RunStatus.PARTIAL);

    assertTrue(lines.stream().anyMatch(l -> l.matches("path +host +target +cost ratio \\[interval] +verdict")),
        "headline table header: " + lines);
    assertTrue(lines.stream().anyMatch(l -> l.matches("getpid +[0-9,.]+ ns/op +emulated +[0-9.]+ .*slower")),
        "a headline row: " + lines);
    assertTrue(lines.contains("accelerators: host kvm (firecracker), emulated qemu-tcg (qemu)"), lines.toString());
    assertTrue(lines.contains("TCG: emulated ran under QEMU's TCG; TCG numbers are not KVM numbers."), lines.toString());
    assertTrue(lines.contains("report: " + run.resolve("report.html")), lines.toString());
    Path forest = run.resolve("charts/headline-forest.png");
    assertEquals(lines.indexOf("report: " + run.resolve("report.html")) - 1, lines.indexOf("headline chart: " + forest),
        "the headline drawn is named, in the run directory, just before the report: " + lines);
    assertTrue(Files.size(forest) > 1000, "and it is there");
    assertEquals(run.toString(), lines.getLast(), "the run directory stays the last line");
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("report: not written")), lines.toString());

    // the same files `virtpath report RUN_DIR --out RUN_DIR` writes, in the run directory itself
    for (String f : List.of("report.html", "summary.json", "summary.csv")) {
      assertTrue(Files.size(run.resolve(f)) > 0, f);
    }
    try (Stream<Path> charts = Files.list(run.resolve("charts"))) {
      assertTrue(charts.anyMatch(p -> p.toString().endsWith(".svg")), "charts/*.svg");
    }
    assertTrue(Files.readString(run.resolve("report.html")).contains("TCG"), "report.html has the TCG banner");
    assertTrue(list(run).stream().noneMatch(n -> n.startsWith(".")), "the staging directory is gone: " + list(run));
    // the record is the lab's: the report only reads it
    assertArrayEquals(manifest, Files.readAllBytes(run.resolve("manifest.json")));
    assertArrayEquals(labJson, Files.readAllBytes(run.resolve("lab.json")));
  }

  /**
   * {@code virtpath remote} writes the lab's layout with manifest kind "remote" and remote.json: its
   * ending is the lab's, with the targets file's names, and remote.json's warnings under the table.
   */
  @Test
  void aRemoteRecordGetsTheSameHeadlineWithItsWarnings() throws IOException {
    Path run = AnalysisFixtures.copyTree(LAB_TCG, tmp.resolve("20261130-103919-4f8a"));
    Files.delete(run.resolve("lab.json"));
    Files.move(run.resolve("host"), run.resolve("pve1"));
    Files.move(run.resolve("emulated"), run.resolve("alma9"));
    String manifest = Files.readString(run.resolve("manifest.json")).replace("\"kind\" : \"lab\"", "\"kind\" : \"remote\"")
        .replace("\"label\" : \"host\"", "\"label\" : \"pve1\"").replace("\"label\" : \"emulated\"", "\"label\" : \"alma9\"")
        .replace("[ \"host\", \"container\", \"emulated\", \"virtio\" ]", "[ \"pve1\", \"alma9\" ]");
    Files.writeString(run.resolve("manifest.json"), manifest);
    String ide = "stated kind 'virtio' but the disk driver is ata_piix (an emulated IDE disk)";
    Files.writeString(run.resolve("remote.json"), """
        {"formatVersion": 1,
         "targets": [{"name": "pve1", "uri": "local", "transport": "local", "kind": "host"},
                     {"name": "alma9", "uri": "ssh://root@10.0.0.101", "transport": "ssh", "kind": "virtio"}],
         "rounds": [{"round": 1, "order": ["alma9", "pve1"]}],
         "runs": {"pve1": {"name": "pve1", "round": 1, "warnings": []},
                  "alma9": {"name": "alma9", "round": 1, "warnings": ["%s"]}}}
        """.formatted(ide));

    List<String> lines = print(run, RunStatus.PARTIAL);

    assertTrue(lines.stream().anyMatch(l -> l.matches("path +pve1 +target +cost ratio \\[interval] +verdict")),
        "headline table header: " + lines);
    assertTrue(lines.stream().anyMatch(l -> l.matches("getpid +[0-9,.]+ ns/op +alma9 +[0-9.]+ .*slower")),
        "a headline row: " + lines);
    assertTrue(lines.contains("warning: alma9: " + ide), lines.toString());
    assertTrue(lines.contains("TCG: alma9 ran under QEMU's TCG; TCG numbers are not KVM numbers."), lines.toString());
    assertTrue(Files.readString(run.resolve("report.html")).contains("ata_piix (an emulated IDE disk)"),
        "report.html shows the warning");
    assertEquals(run.toString(), lines.getLast(), "the run directory stays the last line");
  }

  @Test
  void anUnreadableRecordCostsOneLineAndTheRunDirectoryIsStillLast() throws IOException {
    Path run = AnalysisFixtures.copyTree(LAB_TCG, tmp.resolve("run"));
    Files.writeString(run.resolve("manifest.json"), "{ \"runId\": "); // cut off mid-write
    List<String> before = list(run);

    List<String> lines = print(run, RunStatus.COMPLETE);

    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("report: not written: nothing to analyse: every input was skipped"),
        lines.get(0));
    assertTrue(lines.get(0).contains("manifest.json: unreadable manifest"), "names the file: " + lines.get(0));
    assertTrue(lines.get(0).endsWith("; make it with: virtpath report " + run + " --out " + run), lines.get(0));
    assertEquals(run.toString(), lines.get(1));
    assertEquals(before, list(run), "nothing written");
  }

  @Test
  void aReportThatCannotBeWrittenPrintsNoHeadlineOnlyWhyAndLeavesNothingHalfWritten() throws IOException {
    Path run = AnalysisFixtures.copyTree(LAB_TCG, tmp.resolve("run"));
    Files.createDirectories(run.resolve("report.html").resolve("x")); // not the lab's: never replaced
    List<String> before = list(run);

    List<String> lines = print(run, RunStatus.PARTIAL);

    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("report: not written: IOException: " + run.resolve("report.html")
        + " exists already; the lab does not overwrite it; make it with: virtpath report"), lines.get(0));
    assertEquals(run.toString(), lines.get(1));
    assertEquals(before, list(run), "no summary.json, no charts/, no staging directory left");
  }

  @Test
  void aFailedLabHasNothingToReportAndPrintsOnlyTheRunDirectory() throws IOException {
    Path run = AnalysisFixtures.copyTree(LAB_TCG, tmp.resolve("run"));

    assertEquals(List.of(run.toString()), print(run, RunStatus.FAILED));
    assertFalse(Files.exists(run.resolve("report.html")));
  }

  @Test
  void afterCtrlCTheReportIsWrittenWhileTheJvmShutsDown() throws Exception {
    Path run = AnalysisFixtures.copyTree(LAB_TCG, tmp.resolve("run"));
    // The interrupted lab prints its ending from the main thread while the JVM shuts down (its hook
    // waits): the same here, in a JVM of its own.
    List<String> lines = child(InShutdown.class, run);
    assertTrue(lines.contains("TCG: emulated ran under QEMU's TCG; TCG numbers are not KVM numbers."), lines.toString());
    assertTrue(lines.contains("report: " + run.resolve("report.html")), lines.toString());
    assertEquals(run.toString(), lines.getLast(), lines.toString());
    assertTrue(Files.size(run.resolve("report.html")) > 0);
  }

  @Test
  void aSignalWhileTheReportIsWrittenWaitsForItAndTheRunDirectory() throws Exception {
    Path run = AnalysisFixtures.copyTree(LAB_TCG, tmp.resolve("run"));
    List<String> lines = child(SignalWhilePrinting.class, run);
    assertTrue(lines.contains("report: " + run.resolve("report.html")), lines.toString());
    assertEquals(run.toString(), lines.getLast(), lines.toString());
  }

  private List<String> child(Class<?> main, Path run) throws Exception {
    Path log = tmp.resolve("child.log");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), main.getName(), run.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child ended");
    } finally {
      child.destroyForcibly();
    }
    return Files.readAllLines(log);
  }

  /** The JVM starts to shut down (as on SIGTERM) while the report is being written (staged). */
  static final class SignalWhilePrinting {
    public static void main(String[] args) {
      Path run = Path.of(args[0]);
      Thread signal = new Thread(() -> {
        while (!staging(run)) {
          Thread.onSpinWait();
        }
        System.exit(143);
      });
      signal.setDaemon(true);
      signal.start();
      new LabSummary(System.out).print(new LabRunner.Outcome(run, RunStatus.COMPLETE));
    }

    private static boolean staging(Path run) {
      try (Stream<Path> s = Files.list(run)) {
        return s.anyMatch(p -> p.getFileName().toString().startsWith(".report-"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** Starts the JVM's shutdown, then prints the lab's ending, as an interrupted lab does. */
  static final class InShutdown {
    public static void main(String[] args) throws InterruptedException {
      CountDownLatch done = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          done.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      Thread exit = new Thread(() -> System.exit(0));
      exit.start();
      while (!shuttingDown()) {
        Thread.onSpinWait();
      }
      try {
        new LabSummary(System.out).print(new LabRunner.Outcome(Path.of(args[0]), RunStatus.PARTIAL));
      } finally {
        done.countDown();
      }
    }

    static boolean shuttingDown() {
      Thread probe = new Thread(() -> {});
      try {
        Runtime.getRuntime().addShutdownHook(probe);
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
      } catch (IllegalStateException e) {
        return true;
      }
    }
  }

  private static List<String> print(Path run, RunStatus status) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      new LabSummary(out).print(new LabRunner.Outcome(run, status));
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
