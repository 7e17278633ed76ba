package io.virtpath.lab;

import io.virtpath.core.Json;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.guest.HostCountersJson;
import io.virtpath.lab.target.TargetRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Moves the record a target's inner run wrote (into its staging directory) to the lab's run
 * directory, as {@code <run-dir>/<label>/} — the same files {@code run} writes — and decides the
 * target's status from the inner manifest and from how the target ended.
 */
public final class RecordCollector {
  private RecordCollector() {}

  public static Manifest.TargetEntry collect(Path staging, Path recordDir, String label, TargetRun run) throws IOException {
    Files.createDirectories(recordDir);
    Path innerRun = innerRunDir(staging);
    Manifest inner = null;
    if (innerRun != null) {
      Path innerTarget = innerRun.resolve(label);
      if (Files.isDirectory(innerTarget)) {
        try (Stream<Path> files = Files.list(innerTarget)) {
          for (Path f : files.toList()) {
            if (f.getFileName().toString().equals(HostCountersJson.FILE)) {
              continue; // the host's own measurement, which LabRunner writes: a guest must not forge it
            }
            Files.move(f, recordDir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      Path m = innerRun.resolve("manifest.json");
      if (Files.exists(m)) {
        inner = Json.read(m, Manifest.class);
        Files.copy(m, recordDir.resolve("run-manifest.json"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Manifest.TargetEntry entry = entry(label, inner, run);
    if (inner != null && inner.status() == RunStatus.RUNNING) {
      // The inner run was killed before it could seal its own manifest: the copy says how it ended,
      // so no record in the lab's directory is left "running".
      Json.write(recordDir.resolve("run-manifest.json"),
          inner.withStatus(entry.status(), entry.reason(), null));
    }
    return entry;
  }

  static Manifest.TargetEntry entry(String label, Manifest inner, TargetRun run) {
    Manifest.TargetEntry t = inner == null || inner.targets().isEmpty() ? null : inner.targets().get(0);
    int planned = t == null ? 0 : t.benchmarksPlanned();
    int done = t == null ? 0 : t.benchmarksDone();
    Map<String, String> failed = t == null ? Map.of() : t.failedBenchmarks();
    RunStatus status;
    String reason;
    if (run.failure() != null || inner == null || inner.status() == RunStatus.RUNNING) {
      status = done > 0 ? RunStatus.PARTIAL : RunStatus.FAILED;
      String why = run.failure() != null ? run.failure() : inner == null ? "the target wrote no record" : "the inner run did not finish";
      reason = why + (t == null ? "" : "; " + done + " of " + planned + " benchmarks done");
    } else {
      status = inner.status();
      reason = inner.reason();
    }
    return new Manifest.TargetEntry(label, status, reason, planned, done, failed);
  }

  /** The single run directory the inner run created in its staging dir, or null. */
  private static Path innerRunDir(Path staging) throws IOException {
    if (!Files.isDirectory(staging)) {
      return null;
    }
    try (Stream<Path> s = Files.list(staging)) {
      List<Path> dirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
      return dirs.isEmpty() ? null : dirs.get(0);
    }
  }
}
