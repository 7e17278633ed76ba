package io.virtpath.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals manifest.json: a change to the record format must change golden/manifest.json (and
 * docs/results-format.md, and the format version when it breaks readers) on purpose.
 */
class ManifestFormatTest {
  @TempDir Path dir;

  static Manifest sample() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("label", "host");
    options.put("peer", "127.0.0.1:40000");
    options.put("peerMode", "in-process");
    return new Manifest(
        Manifest.FORMAT_VERSION,
        "20261122-110309-3fa2",
        "run",
        "2026-11-22T11:03:09.123Z",
        "2026-11-22T11:04:10.456Z",
        RunStatus.PARTIAL,
        "interrupted by a signal after 3 of 26 benchmarks",
        new Manifest.VirtpathVersion("0.1.0", "0123456789abcdef0123456789abcdef01234567"),
        "smoke",
        List.of("syscall", "disk"),
        options,
        List.of(
            new Manifest.TargetEntry(
                "host", RunStatus.PARTIAL, "interrupted by a signal after 3 of 26 benchmarks", 26, 3,
                Map.of("io.virtpath.bench.disk.DiskBench.seqRead1m", "IOException: EIO"))));
  }

  @Test
  void matchesTheGoldenFile() throws IOException {
    Path f = dir.resolve("manifest.json");
    Json.write(f, sample());
    String actual = Files.readString(f, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("virtpath.updateGolden")) {
      // mvn test -Dvirtpath.updateGolden=true: rewrite on purpose, then review the diff
      Files.writeString(Path.of("src/test/resources/golden/manifest.json"), actual);
    }
    assertEquals(golden("golden/manifest.json"), actual);
  }

  @Test
  void readsBackEqual() throws IOException {
    Path f = dir.resolve("manifest.json");
    Json.write(f, sample());
    assertEquals(sample(), Json.read(f, Manifest.class));
  }

  static String golden(String resource) throws IOException {
    try (InputStream in = ManifestFormatTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
