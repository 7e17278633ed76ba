package io.virtpath.runner;

import io.virtpath.core.AtomicFiles;
import io.virtpath.core.Json;
import io.virtpath.core.record.Fingerprint;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.Metrics;
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
public final class RunRecord implements RunSession.Record {
  public static final String MANIFEST = "manifest.json";
  public static final String JMH_JSON = "jmh.json";
  public static final String METRICS_JSON = "metrics.json";
  public static final String ENVIRONMENT_JSON = "environment.json";

  /**
   * Names a run directory or a target directory uses for itself: a label must not be one of them
   * ({@code --label manifest.json} would put the target's directory where the manifest goes).
   */
  public static final List<String> RESERVED_NAMES =
      List.of(MANIFEST, ENVIRONMENT_JSON, JMH_JSON, METRICS_JSON, "jmh.log", "validation.json", "lab.json",
          "logs", "charts", "raw");

  /** A label is one plain directory name: never a path, never a name the record uses itself. */
  public static void checkLabel(String label, String option) {
    if (label == null || !label.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new io.virtpath.core.UsageException("bad " + option + " '" + label
          + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (a name, not a path)");
    }
    if (RESERVED_NAMES.contains(label)) {
      throw new io.virtpath.core.UsageException("bad " + option + " '" + label + "': the record uses that name itself ("
          + String.join(", ", RESERVED_NAMES) + "); choose another name");
    }
  }

  private final Path runDir;
  private final String label;
  private int planned;
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

  /**
   * Adds results and writes them; false if the record was sealed already (interrupted), in which
   * case they are not in it and must not be reported as measured.
   */
  public synchronized boolean add(java.util.Collection<RunResult> more) throws IOException {
    if (finished) {
      return false;
    }
    int before = results.size();
    results.addAll(more);
    try {
      writeJmhJson();
      Json.write(targetDir().resolve(METRICS_JSON), Metrics.of(DerivedMetrics.of(results)));
      writeManifest(RunStatus.RUNNING, null);
    } catch (IOException | RuntimeException e) {
      results.subList(before, results.size()).clear(); // not on disk: not counted as done
      throw e;
    }
    return true;
  }

  /** Records a benchmark's failure; false if the record was sealed already. */
  public synchronized boolean failed(String benchmark, String reason) throws IOException {
    if (finished) {
      return false;
    }
    failures.put(benchmark, reason);
    writeManifest(RunStatus.RUNNING, null);
    return true;
  }

  /**
   * Seals the record as {@code failed} because the run itself broke (not one benchmark):
   * {@code reason} says how. Empty if it was sealed already.
   */
  public synchronized java.util.Optional<RunStatus> abort(String reason) {
    if (finished) {
      return java.util.Optional.empty();
    }
    finished = true;
    String full = reason + " after " + doneMethods() + " of " + planned + " benchmarks";
    try {
      writeManifest(RunStatus.FAILED, full);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + runDir.resolve(MANIFEST), e);
    }
    return java.util.Optional.of(RunStatus.FAILED);
  }

  /** {@link #finish}, or empty if the record was sealed already (by the other thread). */
  public synchronized java.util.Optional<RunStatus> finishIfRunning(String interruption) {
    return finished ? java.util.Optional.empty() : java.util.Optional.of(finish(interruption));
  }

  /** Adds options learnt after the record was created (e.g. whether the disk does O_DIRECT). */
  public synchronized void putOptions(Map<String, Object> more) throws IOException {
    if (finished) {
      return;
    }
    Map<String, Object> options = new LinkedHashMap<>(manifest.options());
    options.putAll(more);
    manifest = new Manifest(manifest.formatVersion(), manifest.runId(), manifest.kind(), manifest.startTime(),
        manifest.endTime(), manifest.status(), manifest.reason(), manifest.virtpath(), manifest.profile(),
        manifest.suites(), options, manifest.targets());
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

  /**
   * An agent's plan is what its controller asked for, known only at the end: the distinct
   * benchmarks requested, so that a finished agent whose every request was measured is complete.
   */
  public synchronized void replan(int benchmarks) {
    if (!finished) {
      planned = benchmarks;
    }
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
