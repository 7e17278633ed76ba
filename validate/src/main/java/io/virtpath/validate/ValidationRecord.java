package io.virtpath.validate;

import io.virtpath.core.Json;
import io.virtpath.core.record.Fingerprint;
import io.virtpath.core.record.Manifest;
import io.virtpath.core.record.RunStatus;
import io.virtpath.runner.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One target's validation on disk, valid at every moment, laid out like a run record so that the
 * lab collects it the same way: {@code <run>/manifest.json} and {@code <run>/<label>/} with
 * environment.json, validation.json (rewritten atomically after every measurement) and raw/ (each
 * tool's own output, each virtpath fork's jmh.json). Synchronized because the shutdown hook seals
 * it as partial on Ctrl-C; after {@link #finish} further writes are ignored.
 */
final class ValidationRecord implements io.virtpath.runner.RunSession.Record {
  static final String FILE = "validation.json";

  private final Path runDir;
  private final String label;
  private final List<Pair> pairs;
  private final ValidateOptions options;
  private final String virtualization;
  private final String warmup;
  private final String measurement;
  private final Map<Pair, Series> series = new EnumMap<>(Pair.class);
  private final List<TargetValidation.RoundOrder> order = new ArrayList<>();
  private Manifest manifest;
  private boolean finished;

  /** One pair's rounds so far: both sides, or the failure of one. */
  private static final class Series {
    final List<Integer> rounds = new ArrayList<>();
    final List<Double> virtpath = new ArrayList<>();
    final List<Double> reference = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
  }

  private ValidationRecord(Path runDir, String label, List<Pair> pairs, ValidateOptions options, Manifest manifest,
      String virtualization, String warmup, String measurement) {
    this.runDir = runDir;
    this.label = label;
    this.pairs = List.copyOf(pairs);
    this.options = options;
    this.manifest = manifest;
    this.virtualization = virtualization;
    this.warmup = warmup;
    this.measurement = measurement;
    pairs.forEach(p -> series.put(p, new Series()));
  }

  static ValidationRecord create(Path runDir, String label, List<Pair> pairs, ValidateOptions options,
      Manifest manifest, Fingerprint fingerprint, String warmup, String measurement) throws IOException {
    Files.createDirectories(runDir.resolve(label).resolve("raw"));
    Json.write(runDir.resolve(label).resolve(RunRecord.ENVIRONMENT_JSON), fingerprint);
    ValidationRecord r = new ValidationRecord(runDir, label, pairs, options, manifest,
        fingerprint.virtualization().kind(), warmup, measurement);
    r.write(RunStatus.RUNNING, null);
    return r;
  }

  Path targetDir() {
    return runDir.resolve(label);
  }

  Path rawDir(int round) throws IOException {
    return Files.createDirectories(targetDir().resolve("raw").resolve("round-" + round));
  }

  synchronized boolean finished() {
    return finished;
  }

  synchronized void round(TargetValidation.RoundOrder o) throws IOException {
    if (!finished) {
      order.add(o);
      write(RunStatus.RUNNING, null);
    }
  }

  /** Adds one round's figures; false if the record was sealed already (then they are not in it). */
  synchronized boolean measured(Pair p, int round, double virtpath, double reference) throws IOException {
    if (finished) {
      return false;
    }
    Series s = series.get(p);
    s.rounds.add(round);
    s.virtpath.add(virtpath);
    s.reference.add(reference);
    try {
      write(RunStatus.RUNNING, null);
    } catch (IOException | RuntimeException e) {
      // not on disk: not counted (the seal's "after N pairs" says what a reader finds)
      s.rounds.removeLast();
      s.virtpath.removeLast();
      s.reference.removeLast();
      throw e;
    }
    return true;
  }

  synchronized void failed(Pair p, int round, String side, String reason) throws IOException {
    if (!finished) {
      series.get(p).failures.add("round " + round + ", " + side + ": " + reason);
      write(RunStatus.RUNNING, null);
    }
  }

  synchronized TargetValidation result() {
    List<PairResult> results = new ArrayList<>();
    for (Pair p : pairs) {
      Series s = series.get(p);
      results.add(PairResult.of(p, s.rounds, s.virtpath, s.reference, s.failures, options.confidence()));
    }
    return new TargetValidation(TargetValidation.FORMAT_VERSION, label, options.profile().id(), options.rounds(), options.seed(), virtualization,
        warmup, measurement, List.copyOf(order), results);
  }

  /** Seals the record: complete when every pair has every round on both sides. */
  synchronized RunStatus finish(String interruption) {
    if (finished) {
      return manifest.status();
    }
    finished = true;
    int done = donePairs();
    boolean allRounds = pairs.stream().allMatch(p -> series.get(p).rounds.size() == options.rounds());
    RunStatus status;
    String reason;
    if (done == 0) {
      status = RunStatus.FAILED;
      reason = interruption != null ? interruption : "no pair produced a ratio: " + failures();
    } else if (interruption != null) {
      status = RunStatus.PARTIAL;
      reason = interruption + " after " + done + " of " + pairs.size() + " pairs had a ratio";
    } else if (!allRounds) {
      status = RunStatus.PARTIAL;
      reason = "not every round completed: " + failures();
    } else {
      status = RunStatus.COMPLETE;
      reason = null;
    }
    try {
      write(status, reason);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + runDir.resolve(RunRecord.MANIFEST), e);
    }
    return status;
  }

  /** {@link #finish}, or empty if it was sealed already (by the other thread). */
  @Override
  public synchronized java.util.Optional<RunStatus> finishIfRunning(String interruption) {
    return finished ? java.util.Optional.empty() : java.util.Optional.of(finish(interruption));
  }

  /** Seals the record as failed because the validation itself broke; empty if sealed already. */
  @Override
  public synchronized java.util.Optional<RunStatus> abort(String reason) {
    if (finished) {
      return java.util.Optional.empty();
    }
    finished = true;
    try {
      write(RunStatus.FAILED, reason + " after " + donePairs() + " of " + pairs.size() + " pairs had a ratio");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + runDir.resolve(RunRecord.MANIFEST), e);
    }
    return java.util.Optional.of(RunStatus.FAILED);
  }

  @Override
  public synchronized Manifest manifest() {
    return manifest;
  }

  private int donePairs() {
    return (int) pairs.stream().filter(p -> !series.get(p).rounds.isEmpty()).count();
  }

  private Map<String, String> failures() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Pair p : pairs) {
      List<String> f = series.get(p).failures;
      if (!f.isEmpty()) {
        m.put(p.id(), f.get(f.size() - 1) + (f.size() > 1 ? " (and " + (f.size() - 1) + " more)" : ""));
      }
    }
    return m;
  }

  private void write(RunStatus status, String reason) throws IOException {
    try {
      Json.write(targetDir().resolve(FILE), result());
    } catch (IOException e) {
      if (status == RunStatus.RUNNING) {
        throw e;
      }
      // sealing: the manifest must still say how it ended (the previous validation.json stays valid)
    }
    String end = status == RunStatus.RUNNING ? null : Instant.now().toString();
    Manifest.TargetEntry target = new Manifest.TargetEntry(label, status, reason, pairs.size(), donePairs(), failures());
    manifest = manifest.withStatus(status, reason, end).withTargets(List.of(target));
    Json.write(runDir.resolve(RunRecord.MANIFEST), manifest);
  }
}
