package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's promise, as the README's first command gives it (smoke iterations, for speed): one
 * command, four targets, three interleaved rounds of the headline set each, the record says which
 * path each target really took (drivers from inside the guests) under which accelerator, and the
 * console ends with the headline table -- every ratio with an interval -- and report.html.
 */
@Tag("privileged")
class LabSmokeIT {
  static final List<String> TARGETS = List.of("host", "container", "emulated", "virtio");

  @TempDir Path results;

  @Test
  void fourTargetsThreeRoundsGiveCompleteRecordsTheRightDriversAndAnIntervalForEveryRatio() throws Exception {
    Path runDir;
    String hostKind;
    String console;
    try (VirtpathProcess fp = VirtpathProcess.start(Path.of("target/it-logs/lab-host-fingerprint"), "fingerprint", "--json")) {
      assertEquals(0, fp.waitFor(Duration.ofMinutes(1)));
      hostKind = Records.mapper().readTree(fp.stdout()).get("virtualization").get("kind").asText();
    }
    try (VirtpathProcess lab = VirtpathProcess.start(Path.of("target/it-logs/lab-smoke"),
        "lab", "--profile", "smoke", "--results", results.toString(), "--accel", "auto")) {
      int exit = lab.waitFor(Duration.ofMinutes(40));
      assertEquals(0, exit, () -> "lab exit; stderr: " + RunSmokeIT.safe(lab::stderr));
      console = lab.stdout();
      runDir = Path.of(lab.lastLine());
    }
    assertTrue(console.contains("accelerator:"), "the accelerator banner is printed");
    JsonNode manifest = Records.read(runDir.resolve("manifest.json"));
    assertEquals("lab", manifest.get("kind").asText());
    assertEquals("complete", manifest.get("status").asText(), manifest.toPrettyString());
    assertEquals(3, manifest.get("options").get("rounds").asInt(), "three rounds by default");
    assertEquals("headline", manifest.get("options").get("benchmarkSet").asText());
    assertTrue(manifest.get("options").get("sharedJvm").asBoolean());
    JsonNode lab = Records.read(runDir.resolve("lab.json"));
    String accel = lab.get("accelerator").get("used").asText();
    assertTrue(List.of("kvm", "tcg").contains(accel));
    assertFalse(lab.get("qemuVersion").asText().isBlank());
    assertEquals(3, lab.get("rounds").size());

    for (String target : TARGETS) {
      for (String label : List.of(target, target + ".r2", target + ".r3")) {
        JsonNode jmh = Records.read(runDir.resolve(label + "/jmh.json"));
        for (var suite : HEADLINE.entrySet()) {
          assertEquals(suite.getValue(), Records.methods(jmh, suite.getKey()), label + " / " + suite.getKey());
        }
        for (JsonNode b : jmh) {
          assertTrue(b.get("primaryMetric").get("score").asDouble() > 0, label + " " + b.get("benchmark"));
          assertTrue(Records.hasRawSamples(b), label + " " + b.get("benchmark") + " keeps its raw samples");
        }
        assertFalse(lab.get("targets").get(label).get("commandLine").asText().isBlank());
        JsonNode inner = Records.read(runDir.resolve(label + "/run-manifest.json")).get("options");
        assertTrue(inner.get("jmh").get("sharedJvm").asBoolean(), label + ": " + inner);
        assertEquals("headline", inner.get("benchmarkSet").asText(), label);
      }
    }

    JsonNode emulated = Records.read(runDir.resolve("emulated/environment.json"));
    assertEquals("ata_piix", emulated.get("storage").get("driver").asText(), emulated.get("storage").toString());
    assertEquals("e1000", emulated.get("network").get("driver").asText());
    JsonNode virtio = Records.read(runDir.resolve("virtio/environment.json"));
    assertEquals("virtio_blk", virtio.get("storage").get("driver").asText(), virtio.get("storage").toString());
    assertEquals("virtio_net", virtio.get("network").get("driver").asText());
    for (JsonNode guest : List.of(emulated, virtio)) {
      assertEquals(accel.equals("tcg") ? "qemu-tcg" : "kvm", guest.get("virtualization").get("kind").asText(),
          guest.get("virtualization").toString());
    }
    // why the guests cost what they cost: the counters of every round mean what they say (issue #13)
    for (String round : List.of("", ".r2", ".r3")) {
      CountersPlausibility.check(runDir.resolve("emulated" + round), "ata_piix", "e1000", accel);
      CountersPlausibility.check(runDir.resolve("virtio" + round), "virtio_blk", "virtio_net", accel);
    }
    assertEquals("container", Records.read(runDir.resolve("container/environment.json"))
        .get("virtualization").get("kind").asText());
    assertEquals(hostKind, Records.read(runDir.resolve("host/environment.json")).get("virtualization").get("kind").asText());
    assertEquals("veth", Records.read(runDir.resolve("container/environment.json")).get("network").get("driver").asText());

    // the answer on the console: every headline path, every target's ratio with its interval
    String table = console.substring(console.indexOf("\nstatus: complete") + 1);
    assertTrue(table.contains("Each verdict is read from the 95 % interval beside it"), table);
    // Three rounds a side give the ratios intervals. Fieller's interval has no upper end when the
    // host's own replicates are not clearly above zero (its 3 rounds spread by more than ~70 %: a
    // latency mean on a machine other work loads), and then the ratio is shown without one; such a
    // ratio must never be called, and it stays the exception.
    List<String> ratios = table.lines().filter(l -> l.matches(".*\\d \\[.*\\].*")).toList();
    List<String> without = ratios.stream().filter(l -> l.contains("[no interval]")).toList();
    assertTrue(ratios.size() >= 30, "every target's ratio is in the table:\n" + table);
    assertTrue(without.size() <= 2, "three rounds a side give the ratios intervals:\n" + table);
    without.forEach(l -> assertTrue(l.strip().endsWith("inconclusive"), "a ratio without an interval is not called: " + l));
    assertFalse(table.contains("not measured") || table.contains("not run"), table);
    for (String path : List.of("getpid", "4 KiB random read QD1", "TCP stream 64 KiB", "UDP round trip 64 B p50")) {
      assertTrue(table.contains(path), path + " in\n" + table);
    }
    assertTrue(table.contains("emulated/virtio"), table);
    // and why: the counters' block names each guest's device interrupts and QEMU's CPU per operation
    String why = table.substring(table.indexOf("\nwhy (from the counters"));
    for (String guest : List.of("emulated: ", "virtio: ")) {
      assertTrue(why.lines().anyMatch(l -> l.strip().startsWith(guest) && l.contains("µs of QEMU CPU per op")),
          guest + "in\n" + why);
    }
    assertTrue(why.contains("ata_piix interrupts") && why.contains("virtio_blk interrupts"), why);
    assertTrue(why.contains("e1000 interrupts") && why.contains("virtio_net interrupts"), why);
    assertTrue(Files.isRegularFile(runDir.resolve("report.html")), "report.html in the run directory");
    assertTrue(table.contains("report: " + runDir.resolve("report.html")), table);

    assertEquals(List.of(), LabLeftovers.of(manifest.get("runId").asText()), "nothing is left behind");
  }

  /** The whole suites in one shared JVM (the lab's default way, --benchmarks all), on the host only. */
  @Test
  void everyBenchmarkRunsInASharedJvm() throws Exception {
    Path runDir;
    try (VirtpathProcess lab = VirtpathProcess.start(Path.of("target/it-logs/lab-all-shared"),
        "lab", "--profile", "smoke", "--targets", "host", "--benchmarks", "all", "--rounds", "1",
        "--results", results.toString())) {
      assertEquals(0, lab.waitFor(Duration.ofMinutes(10)), () -> "lab exit; stderr: " + RunSmokeIT.safe(lab::stderr));
      runDir = Path.of(lab.lastLine());
    }
    JsonNode jmh = Records.read(runDir.resolve("host/jmh.json"));
    for (var suite : Records.EXPECTED.entrySet()) {
      assertEquals(suite.getValue(), Records.methods(jmh, suite.getKey()), suite.getKey());
    }
    JsonNode options = Records.read(runDir.resolve("host/run-manifest.json")).get("options");
    assertEquals(0, options.get("jmh").get("forks").asInt(), "no forks: one JVM");
    assertTrue(options.get("jitSettleSeconds").asDouble() >= 1.0, "waited for an idle JIT: " + options);
    String said = java.nio.file.Files.readString(runDir.resolve("host/logs/target.out"));
    assertTrue(said.contains("JIT settled in") || said.contains("JIT still compiling"), said);
  }

  /** The headline set: the headline metrics' benchmarks and each suite's baseline. */
  static final Map<String, Set<String>> HEADLINE = Map.of(
      "syscall", Set.of("baseline", "getpid", "clockGettimeVdso"),
      "disk", Set.of("baselineCachedRead4k", "seqRead1m", "seqWrite1m", "randRead4kQd1", "randRead4kQd16",
          "write4kFdatasync"),
      "network", Set.of("baselineUnixRoundTrip", "tcpRoundTrip1b", "tcpStream64k", "udpRoundTrip64b"));
}
