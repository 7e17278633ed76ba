package io.virtpath.lab;

import io.virtpath.core.Json;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The run directory of a run over many targets and rounds (the lab, {@code virtpath remote}):
 * manifest.json (one entry per target record) and a sidecar of the kind's own (lab.json: the spec,
 * the accelerator, QEMU and kernel versions, device models, command lines, the order of every
 * round; remote.json likewise for remote targets), both rewritten atomically after each target.
 * Sealed once by {@link #finish}, from the loop or from the shutdown hook, whichever comes first.
 *
 * @param <T> the sidecar's immutable type
 */
public final class LabRecord<T> {
  static final String LAB_JSON = "lab.json";

  private final Path runDir;
  private final String sidecarName;
  private int planned;
  private final List<Manifest.TargetEntry> entries = new ArrayList<>();
  private T lab;
  private Manifest manifest;
  private boolean finished;

  public LabRecord(Path runDir, Manifest initial, String sidecarName, T sidecar, int planned) throws IOException {
    this.runDir = runDir;
    this.manifest = initial;
    this.sidecarName = sidecarName;
    this.lab = sidecar;
    this.planned = planned;
    write(RunStatus.RUNNING, null);
  }

  public synchronized boolean finished() {
    return finished;
  }

  /** Changes the sidecar (a round begins, a target ended ...) and rewrites it. */
  public synchronized void update(java.util.function.UnaryOperator<T> change) throws IOException {
    if (finished) {
      return;
    }
    lab = change.apply(lab);
    Json.write(runDir.resolve(sidecarName), lab);
  }

  public synchronized T sidecar() {
    return lab;
  }

  public synchronized void add(Manifest.TargetEntry entry) throws IOException {
    if (finished) {
      return;
    }
    entries.add(entry);
    write(RunStatus.RUNNING, null);
  }

  /**
   * The budget ended the rounds early: the runs done are the plan (the lab did what was asked), and
   * the manifest's options say why there were no more.
   */
  public synchronized void endedByBudget(int runs, int rounds, String why) throws IOException {
    if (finished) {
      return;
    }
    planned = runs;
    // "rounds" is what ran, so that a reader expects no more; "roundsAtMost" what could have
    manifest = manifest.withOption("roundsAtMost", manifest.options().get("rounds")).withOption("rounds", rounds)
        .withOption("budgetStop", why);
    write(RunStatus.RUNNING, null);
  }

  public synchronized RunStatus finish(String interruption) {
    if (finished) {
      return manifest.status();
    }
    finished = true;
    long complete = entries.stream().filter(e -> e.status() == RunStatus.COMPLETE).count();
    long withResults = entries.stream().filter(e -> e.benchmarksDone() > 0).count();
    RunStatus status;
    String reason = null;
    if (interruption != null) {
      status = withResults > 0 ? RunStatus.PARTIAL : RunStatus.FAILED;
      reason = interruption + " after " + entries.size() + " of " + planned + " target runs";
    } else if (complete == planned) {
      status = RunStatus.COMPLETE;
    } else if (withResults > 0) {
      status = RunStatus.PARTIAL;
      reason = (planned - complete) + " of " + planned + " target runs incomplete: " + incomplete();
    } else {
      status = RunStatus.FAILED;
      reason = "no target produced a result: " + incomplete();
    }
    try {
      write(status, reason);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return status;
  }

  public synchronized Manifest manifest() {
    return manifest;
  }

  private String incomplete() {
    List<String> parts = new ArrayList<>();
    for (Manifest.TargetEntry e : entries) {
      if (e.status() != RunStatus.COMPLETE) {
        parts.add(e.label() + " (" + e.status().json() + (e.reason() == null ? "" : ": " + e.reason()) + ")");
      }
    }
    return String.join("; ", parts);
  }

  private void write(RunStatus status, String reason) throws IOException {
    String end = status == RunStatus.RUNNING ? null : Instant.now().toString();
    manifest = manifest.withStatus(status, reason, end).withTargets(List.copyOf(entries));
    Json.write(runDir.resolve("manifest.json"), manifest);
    Json.write(runDir.resolve(sidecarName), lab);
  }
}
