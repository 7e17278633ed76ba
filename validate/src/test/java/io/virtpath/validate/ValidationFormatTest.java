package io.virtpath.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals both validation.json files, the top-level one and a target's: a change to their format
 * must change golden/validation.json or golden/target-validation.json (and docs/results-format.md,
 * and the format version when it breaks readers) on purpose. The pairs' numbers are written out,
 * not computed here, so that only a format change can move the golden files; ratio and interval
 * are the geometric mean and the Student-t interval of the per-round figures below.
 */
class ValidationFormatTest {
  @TempDir Path dir;

  static TargetValidation host() {
    PairResult getpid = new PairResult("getpid", "syscall", Pair.GETPID.benchmark, "cc", Pair.GETPID.reference, "ns",
        false, "≤ 1.10", null, 1.10, List.of(1, 2, 3), List.of(312.4, 309.8, 311.0), List.of(298.1, 301.5, 299.7),
        1.0377010688545054, 1.0126198208185693, 1.0634035460922673, 0.95, "meets", List.of());
    PairResult randRead = new PairResult("rand-read-qd1", "disk", Pair.RAND_READ_QD1.benchmark, "fio",
        Pair.RAND_READ_QD1.reference, "IOPS", true, "0.90–1.10", 0.90, 1.10, List.of(1, 2, 3),
        List.of(14850.0, 15120.0, 14990.0), List.of(16410.0, 16380.0, 16450.0), 0.9130554763377159,
        0.8904946217437654, 0.9361879145747126, 0.95, "borderline", List.of());
    PairResult stream = new PairResult("tcp-stream", "network", Pair.TCP_STREAM.benchmark, "iperf3",
        Pair.TCP_STREAM.reference, "MB/s", true, "≥ 0.85", 0.85, null, List.of(), List.of(), List.of(), null, null,
        null, 0.95, "no data", List.of("round 1, iperf3: exit 1: iperf3: error - unable to connect to server",
            "round 2, virtpath: peer at 127.0.0.1:5201 refused the connection"));
    return new TargetValidation(TargetValidation.FORMAT_VERSION, "host", "quick", 3, 20261122L, "none",
        "2 x 1 s", "5 x 1 s",
        List.of(new TargetValidation.RoundOrder(1, List.of("getpid", "rand-read-qd1", "tcp-stream"), true),
            new TargetValidation.RoundOrder(2, List.of("tcp-stream", "getpid", "rand-read-qd1"), false),
            new TargetValidation.RoundOrder(3, List.of("rand-read-qd1", "tcp-stream", "getpid"), true)),
        List.of(getpid, randRead, stream));
  }

  static ValidationSummary.File summary() {
    TargetValidation virtio = new TargetValidation(TargetValidation.FORMAT_VERSION, "virtio", "quick", 3, 20261122L,
        "qemu-tcg", "2 x 1 s", "5 x 1 s", List.of(), List.of(host().pairs().get(0)));
    return ValidationSummary.file("20261122-110309-3fa2", "quick",
        List.of(new ValidationSummary.Target("host", null, host()),
            new ValidationSummary.Target("virtio", "tcg", virtio)));
  }

  @Test
  void theTargetFileMatchesItsGoldenFile() throws IOException {
    assertGolden("target-validation.json", host());
  }

  @Test
  void theTopLevelFileMatchesItsGoldenFile() throws IOException {
    assertGolden("validation.json", summary());
  }

  @Test
  void bothReadBackEqual() throws IOException {
    Path f = dir.resolve("t.json");
    Json.write(f, host());
    assertEquals(host(), Json.read(f, TargetValidation.class));
    Json.write(f, summary());
    assertEquals(summary(), Json.read(f, ValidationSummary.File.class));
  }

  private void assertGolden(String name, Object value) throws IOException {
    Path f = dir.resolve(name);
    Json.write(f, value);
    String actual = Files.readString(f, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("virtpath.updateGolden")) {
      // mvn test -Dvirtpath.updateGolden=true: rewrite on purpose, then review the diff
      Files.writeString(Path.of("src/test/resources/golden").resolve(name), actual);
    }
    try (InputStream in = getClass().getResourceAsStream("/golden/" + name)) {
      assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual);
    }
  }
}
