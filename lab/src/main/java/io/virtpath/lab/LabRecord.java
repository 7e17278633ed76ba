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
 * The lab's run directory: manifest.json (kind {@code lab}, one entry per target record) and
 * lab.json (the spec, the accelerator, QEMU and kernel versions, device models, command lines,
 * the order of every round), both rewritten atomically after each target. Sealed once by
 * {@link #finish}, from the loop or from the shutdown hook, whichever comes first.
 */
final class LabRecord {
  static final String LAB_JSON = "lab.json";

  private final Path runDir;
  private int planned;
  private final List<Manifest.TargetEntry> entries = new ArrayList<>();
  private LabJson lab;
  private Manifest manifest;
  private boolean finished;

  LabRecord(Path runDir, Manifest initial, LabJson lab, int planned) throws IOException {
    this.runDir = runDir;
    this.manifest = initial;
    this.lab = lab;
    this.planned = planned;
    write(RunStatus.RUNNING, null);
  }

  synchronized boolean finished() {
    return finished;
  }

  /** Changes lab.json (a round begins, a target ended ...) and rewrites it. */
  synchronized void update(java.util.function.UnaryOperator<LabJson> change) throws IOException {
    if (finished) {
      return;
    }
    lab = change.apply(lab);
    Json.write(runDir.resolve(LAB_JSON), lab);
  }

  synchronized LabJson lab() {
    return lab;
  }

  synchronized void add(Manifest.TargetEntry entry) throws IOException {
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
  synchronized void endedByBudget(int runs, int rounds, String why) throws IOException {
    if (finished) {
      return;
    }
    planned = runs;
    // "rounds" is what ran, so that a reader expects no more; "roundsAtMost" what could have
    manifest = manifest.withOption("roundsAtMost", manifest.options().get("rounds")).withOption("rounds", rounds)
        .withOption("budgetStop", why);
    write(RunStatus.RUNNING, null);
  }

  synchronized RunStatus finish(String interruption) {
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

  synchronized Manifest manifest() {
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
    Json.write(runDir.resolve(LAB_JSON), lab);
  }
}
