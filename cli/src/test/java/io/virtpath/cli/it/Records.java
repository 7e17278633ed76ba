package io.virtpath.cli.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Reads a run record the way a downstream tool would: as plain JSON. */
final class Records {
  /** The stable benchmark names per suite (results are compared across versions by these). */
  static final Map<String, Set<String>> EXPECTED =
      Map.of(
          "syscall",
          Set.of("baseline", "getpid", "clockGettimeVdso", "clockGettimeSyscall", "stat", "openClose",
              "readDevZero", "writeDevNull", "pipeRoundTrip", "pageFault", "schedYield"),
          "disk",
          Set.of("baselineCachedRead4k", "seqRead1m", "seqWrite1m", "randRead4kQd1", "randWrite4kQd1",
              "randRead4kQd16", "randWrite4kQd16", "write4kFdatasync", "smallFileCreateFsyncUnlink"),
          "network",
          Set.of("baselineUnixRoundTrip", "tcpRoundTrip1b", "tcpRoundTrip1k", "tcpStream64k",
              "tcpConnectClose", "udpRoundTrip64b"));

  private Records() {}

  static com.fasterxml.jackson.databind.ObjectMapper mapper() {
    return Json.mapper();
  }

  static JsonNode read(Path file) throws IOException {
    return Json.mapper().readTree(file.toFile());
  }

  /** Method names (without class) found in jmh.json for one suite. */
  static Set<String> methods(JsonNode jmh, String suite) {
    Set<String> names = new TreeSet<>();
    for (JsonNode b : jmh) {
      String name = b.get("benchmark").asText();
      if (name.startsWith("io.virtpath.bench." + suite + ".")) {
        names.add(name.substring(name.lastIndexOf('.') + 1));
      }
    }
    return names;
  }

  /** Raw samples: per-iteration scores, or the SampleTime histogram. */
  static boolean hasRawSamples(JsonNode b) {
    JsonNode pm = b.get("primaryMetric");
    JsonNode raw = "sample".equals(b.get("mode").asText()) ? pm.get("rawDataHistogram") : pm.get("rawData");
    return raw != null && raw.isArray() && raw.size() > 0 && raw.get(0).size() > 0;
  }

  /**
   * The manifest of the first run below {@code results} that has at least one result, while {@code p}
   * runs; fails if it ends first or {@code timeout} passes (a limit for a hung run, not a window).
   */
  static Path awaitFirstResult(VirtpathProcess p, Path results, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(results)) {
        try (Stream<Path> s = Files.list(results)) {
          for (Path run : s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
              .toList()) {
            Path manifest = run.resolve("manifest.json");
            if (Files.exists(manifest)
                && Records.read(manifest).get("targets").get(0).get("benchmarksDone").asInt() >= 1) {
              return manifest;
            }
          }
        }
      }
      assertTrue(p.process().isAlive(), "run ended before the first result: " + p.stderr());
      Thread.sleep(200);
    }
    throw new AssertionError("no result within " + timeout);
  }
}
