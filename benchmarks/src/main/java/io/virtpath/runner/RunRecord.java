package io.virtpath.runner;

import io.virtpath.core.AtomicFiles;
import io.virtpath.core.Json;
import io.virtpath.core.record.Fingerprint;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;

/**
 * One run directory on disk, kept valid at every moment: the manifest says {@code running} from
 * the start, jmh.json and metrics.json are rewritten (atomically) after every benchmark, and
 * {@link #finish} seals the status. Called from the run loop and from the shutdown hook, hence
 * synchronized; after finish every further write is ignored, so a hook that sealed the record as
 * interrupted is not overwritten by the loop that is being torn down.
 */
public final class RunRecord {
  public static final String MANIFEST = "manifest.json";
  public static final String JMH_JSON = "jmh.json";
  public static final String METRICS_JSON = "metrics.json";
  public static final String ENVIRONMENT_JSON = "environment.json";

  private final Path runDir;
  private final String label;
  private final int planned;
  private final List<RunResult> results = new ArrayList<>();
  private final Map<String, String> failures = new LinkedHashMap<>();
  private Manifest manifest;
  private boolean finished;

  private RunRecord(Path runDir, String label, int planned, Manifest manifest) {
    this.runDir = runDir;
    this.label = label;
    this.planned = planned;
    this.manifest = manifest;
  }

  /** Creates {@code runDir/label/}, writes the running manifest and the fingerprint. */
  public static RunRecord create(
      Path runDir, String label, int planned, Manifest manifest, Fingerprint fingerprint)
      throws IOException {
    Files.createDirectories(runDir.resolve(label));
    RunRecord r = new RunRecord(runDir, label, planned, manifest);
    Json.write(r.targetDir().resolve(ENVIRONMENT_JSON), fingerprint);
    r.writeManifest(RunStatus.RUNNING, null);
    return r;
  }

  public Path runDir() {
    return runDir;
  }

  public Path targetDir() {
    return runDir.resolve(label);
  }

  public synchronized boolean finished() {
    return finished;
  }

  public synchronized void add(java.util.Collection<RunResult> more) throws IOException {
    if (finished) {
      return;
    }
    results.addAll(more);
    writeJmhJson();
    Json.write(targetDir().resolve(METRICS_JSON), DerivedMetrics.of(results));
    writeManifest(RunStatus.RUNNING, null);
  }

  public synchronized void failed(String benchmark, String reason) throws IOException {
    if (finished) {
      return;
    }
    failures.put(benchmark, reason);
    writeManifest(RunStatus.RUNNING, null);
  }

  /**
   * Seals the record. {@code interruption} is null for a run that went through its plan; otherwise
   * it says why the run stopped early. The status follows from what is there.
   */
  public synchronized RunStatus finish(String interruption) {
    if (finished) {
      return manifest.status();
    }
    finished = true;
    int done = doneMethods();
    RunStatus status;
    String reason;
    if (done == 0) {
      status = RunStatus.FAILED;
      reason = interruption != null ? interruption : "no benchmark produced a result: " + failures;
    } else if (interruption != null) {
      status = RunStatus.PARTIAL;
      reason = interruption + " after " + done + " of " + planned + " benchmarks";
    } else if (!failures.isEmpty() || done < planned) {
      status = RunStatus.PARTIAL;
      reason = failures.size() + " of " + planned + " benchmarks failed: " + failures.keySet();
    } else {
      status = RunStatus.COMPLETE;
      reason = null;
    }
    try {
      writeManifest(status, reason);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + runDir.resolve(MANIFEST), e);
    }
    return status;
  }

  public synchronized Manifest manifest() {
    return manifest;
  }

  private int doneMethods() {
    return (int) results.stream().map(r -> r.getParams().getBenchmark()).distinct().count();
  }

  private void writeJmhJson() throws IOException {
    AtomicFiles.write(
        targetDir().resolve(JMH_JSON),
        out -> {
          PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
          ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
          ps.flush();
        });
  }

  private void writeManifest(RunStatus status, String reason) throws IOException {
    String end = status == RunStatus.RUNNING ? null : Instant.now().toString();
    Manifest.TargetEntry target =
        new Manifest.TargetEntry(label, status, reason, planned, doneMethods(), Map.copyOf(failures));
    manifest = manifest.withStatus(status, reason, end).withTargets(List.of(target));
    Json.write(runDir.resolve(MANIFEST), manifest);
  }
}
