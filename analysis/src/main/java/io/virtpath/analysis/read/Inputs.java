package io.virtpath.analysis.read;

import io.virtpath.core.Json;
import io.virtpath.core.UsageException;
import io.virtpath.core.record.Fingerprint;
import io.virtpath.core.record.Manifest;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns what the user named into runs: run directories (manifest.json + one directory per
 * target), target directories ({@code <run>/<label>/} with jmh.json), plain JMH JSON files, fio and
 * iperf3 JSON files, directories of run directories (a results folder) and directories of fio or
 * iperf3 outputs (replicates, see {@link ToolInputs}). A path that does not exist is a usage error;
 * a file that cannot be read is skipped and reported, and the others are still used.
 */
public final class Inputs {
  static final String MANIFEST = "manifest.json";
  static final String JMH = "jmh.json";
  static final String ENVIRONMENT = "environment.json";

  private Inputs() {}

  public static Loaded load(List<Path> paths) {
    if (paths.isEmpty()) {
      throw new UsageException("no input given: name run directories, target directories, JMH JSON files or "
          + "fio/iperf3 JSON outputs");
    }
    List<Path> units = new ArrayList<>();
    for (Path p : paths) {
      units.addAll(expand(p));
    }
    // Parsing dominates for many files; two cores read two files at once. Order is kept.
    List<Partial> parts = units.parallelStream().map(Inputs::loadOne).toList();
    List<RunData> runs = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (Partial p : parts) {
      if (p.run != null) {
        runs.add(p.run);
      }
      skipped.addAll(p.skipped);
    }
    return new Loaded(runs, skipped);
  }

  /** A results folder stands for the run directories in it, oldest first (run ids sort by time). */
  private static List<Path> expand(Path p) {
    if (!Files.exists(p)) {
      throw new UsageException(
          p + ": no such file or directory. Give run directories (with manifest.json), target "
              + "directories (with jmh.json), JMH JSON files (-rf json), fio JSON files "
              + "(--output-format=json), iperf3 JSON files (-J) or directories of fio/iperf3 files.");
    }
    if (!Files.isDirectory(p) || Files.exists(p.resolve(MANIFEST)) || Files.exists(p.resolve(JMH))) {
      return List.of(p);
    }
    List<Path> runs;
    try (Stream<Path> s = Files.list(p)) {
      runs = s.filter(c -> Files.isDirectory(c) && Files.exists(c.resolve(MANIFEST))).sorted().toList();
    } catch (IOException e) {
      throw new UsageException(p + ": cannot list the directory: " + e.getMessage(), e);
    }
    if (runs.isEmpty() && ToolInputs.isToolDirectory(p)) {
      return List.of(p);
    }
    if (runs.isEmpty()) {
      throw new UsageException(
          p + ": no run record here: a run directory has manifest.json, a target directory has "
              + "jmh.json, a results folder has run directories, and a directory of replicates has "
              + "fio or iperf3 JSON files.");
    }
    return runs;
  }

  record Partial(RunData run, List<Skipped> skipped) {}

  private static Partial loadOne(Path p) {
    if (Files.isDirectory(p)) {
      if (Files.exists(p.resolve(MANIFEST))) {
        return runDirectory(p);
      }
      return Files.exists(p.resolve(JMH)) ? targetDirectory(p) : ToolInputs.directory(p);
    }
    if (p.getFileName().toString().equals(JMH) && Files.exists(p.resolveSibling(ENVIRONMENT))) {
      return targetDirectory(p.toAbsolutePath().getParent());
    }
    try {
      String object = ToolInputs.objectText(p);
      if (object != null) {
        return new Partial(ToolInputs.file(p, object), List.of());
      }
      List<BenchmarkResult> results = JmhJsonReader.read(p);
      String name = p.getFileName().toString();
      String label = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
      TargetData t = new TargetData(label, p, results, null);
      return new Partial(new RunData(name, RunData.JMH, null, p, List.of(t)), List.of());
    } catch (InputException e) {
      return new Partial(null, List.of(Skipped.of(e)));
    }
  }

  private static Partial runDirectory(Path dir) {
    Path manifestFile = dir.resolve(MANIFEST);
    Manifest manifest;
    try {
      manifest = Json.read(manifestFile, Manifest.class);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      return new Partial(null, List.of(new Skipped(manifestFile, where + "unreadable manifest ("
          + e.getOriginalMessage().lines().findFirst().orElse("") + "); the run is skipped")));
    } catch (IOException e) {
      return new Partial(null, List.of(new Skipped(manifestFile, "cannot read: " + e.getMessage())));
    }
    List<Skipped> skipped = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    Map<String, Manifest.TargetEntry> entries = new LinkedHashMap<>();
    if (manifest.targets() != null) {
      manifest.targets().forEach(t -> {
        labels.add(t.label());
        entries.put(t.label(), t);
      });
    }
    if (labels.isEmpty()) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(c -> Files.exists(c.resolve(JMH))).sorted()
            .forEach(c -> labels.add(c.getFileName().toString()));
      } catch (IOException e) {
        skipped.add(new Skipped(dir, "cannot list the run directory: " + e.getMessage()));
      }
    }
    Completeness whole = Completeness.ofRun(manifest);
    List<TargetData> targets = new ArrayList<>();
    for (String label : labels) {
      Manifest.TargetEntry entry = entries.get(label);
      // A target without its own entry (an old or hand-made manifest) is as complete as the run.
      Completeness c = entry != null ? Completeness.ofTarget(entry) : whole;
      Path jmh = dir.resolve(label).resolve(JMH);
      if (!Files.exists(jmh)) {
        // No results is still an answer: the target stays, marked, so its benchmarks show as missing.
        if (!c.incomplete()) {
          skipped.add(new Skipped(jmh, "missing: target '" + label + "' has no results although the manifest says "
              + (c.state().json() == null ? "nothing about it" : c.state().json())));
        }
        targets.add(new TargetData(label, jmh, List.of(), fingerprint(label, dir.resolve(label), skipped),
            c.withoutResults("no jmh.json")));
        continue;
      }
      target(label, dir.resolve(label), c, skipped).ifPresent(targets::add);
    }
    String runId = manifest.runId() != null ? manifest.runId() : dir.getFileName().toString();
    return new Partial(
        new RunData(runId, manifest.kind() != null ? manifest.kind() : "run", startTime(manifest, manifestFile, skipped),
            dir, targets, whole), skipped);
  }

  /** {@code <run>/<label>/}: one target; the manifest one level up, when there, dates it and says how it ended. */
  private static Partial targetDirectory(Path dir) {
    List<Skipped> skipped = new ArrayList<>();
    String label = dir.toAbsolutePath().normalize().getFileName().toString();
    Path manifestFile = dir.toAbsolutePath().normalize().resolveSibling(MANIFEST);
    String id = label;
    Instant start = null;
    String kind = "run";
    Completeness own = Completeness.UNRECORDED;
    if (Files.exists(manifestFile)) {
      try {
        Manifest m = Json.read(manifestFile, Manifest.class);
        id = m.runId() != null ? m.runId() : id;
        kind = m.kind() != null ? m.kind() : kind;
        start = startTime(m, manifestFile, skipped);
        own = Completeness.ofRun(m);
        if (m.targets() != null) {
          for (Manifest.TargetEntry e : m.targets()) {
            if (label.equals(e.label())) {
              own = Completeness.ofTarget(e);
            }
          }
        }
      } catch (IOException e) {
        skipped.add(new Skipped(manifestFile, "unreadable, the target is used without its run's start time: "
            + e.getMessage().lines().findFirst().orElse("")));
      }
    }
    var target = target(label, dir, own, skipped);
    if (target.isEmpty()) {
      return new Partial(null, skipped);
    }
    // The run's other targets were not asked for: this target's own state describes the input.
    return new Partial(new RunData(id, kind, start, dir, List.of(target.get()), own), skipped);
  }

  private static java.util.Optional<TargetData> target(String label, Path dir, Completeness c, List<Skipped> skipped) {
    Path jmh = dir.resolve(JMH);
    List<BenchmarkResult> results;
    try {
      results = JmhJsonReader.read(jmh);
    } catch (InputException e) {
      skipped.add(Skipped.of(e));
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new TargetData(label, jmh, results, fingerprint(label, dir, skipped), c));
  }

  private static Fingerprint fingerprint(String label, Path dir, List<Skipped> skipped) {
    Path env = dir.resolve(ENVIRONMENT);
    if (!Files.exists(env)) {
      return null;
    }
    try {
      return Json.read(env, Fingerprint.class);
    } catch (IOException e) {
      skipped.add(new Skipped(env, "unreadable, so target '" + label + "' is shown without its fingerprint: "
          + e.getMessage().lines().findFirst().orElse("")));
      return null;
    }
  }

  private static Instant startTime(Manifest m, Path file, List<Skipped> skipped) {
    if (m.startTime() == null) {
      return null;
    }
    try {
      return Instant.parse(m.startTime());
    } catch (DateTimeParseException e) {
      skipped.add(new Skipped(file, "startTime '" + m.startTime() + "' is not an ISO-8601 time; the run is not dated"));
      return null;
    }
  }
}
