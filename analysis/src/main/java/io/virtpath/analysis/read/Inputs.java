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
 * target; a lab's or remote run's rounds joined into one target, see {@link LabRounds}; a remote
 * run's remote.json adds each target's stated kind and warnings, see {@link RemoteJson}), target directories
 * ({@code <run>/<label>/} with jmh.json), plain JMH JSON files, directories of them (each file a
 * target), fio and iperf3 JSON files, directories of run directories (a results folder) and
 * directories of fio or iperf3 outputs (replicates, see {@link ToolInputs}). A path that does not
 * exist, a directory with nothing to read and a file that cannot be read are skipped and reported,
 * and the others are still used; the commands refuse only when nothing at all was readable.
 */
public final class Inputs {
  static final String MANIFEST = "manifest.json";
  static final String JMH = "jmh.json";
  static final String ENVIRONMENT = "environment.json";
  static final String LAB = "lab";
  static final String REMOTE = "remote";
  static final String NO_RESULTS = "no benchmark results: the JSON array is empty (JMH ran no benchmark, "
      + "or its -rf json file was written before any finished)";

  private Inputs() {}

  public static Loaded load(List<Path> paths) {
    if (paths.isEmpty()) {
      throw new UsageException("no input given: name run directories, target directories, JMH JSON files or "
          + "fio/iperf3 JSON outputs");
    }
    // Each path stands for units (files or directories read as one run each) or is skipped as a
    // whole; the order given is kept, a skipped path where it was named.
    List<Unit> units = new ArrayList<>();
    for (Path p : paths) {
      units.addAll(expand(p));
    }
    // Parsing dominates for many files; two cores read two files at once. Order is kept.
    List<Partial> parts = units.parallelStream().map(u -> u.skipped != null ? new Partial(null, List.of(u.skipped))
        : loadOne(u.path)).toList();
    List<RunData> runs = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Partial p : parts) {
      if (p.run != null) {
        runs.add(p.run);
      }
      skipped.addAll(p.skipped);
      notes.addAll(p.notes);
    }
    return new Loaded(runs, skipped, notes);
  }

  /** A file or directory to read as one run, or a path that gave nothing to read. */
  private record Unit(Path path, Skipped skipped) {
    static Unit of(Path p) {
      return new Unit(p, null);
    }

    static Unit skip(Path p, String problem) {
      return new Unit(p, new Skipped(p, problem));
    }
  }

  /**
   * A results folder stands for the run directories in it, oldest first (run ids sort by time); a
   * directory of plain JMH JSON files for those files, each one target (as if named one by one). A
   * path that does not exist, or a directory with nothing to read, is skipped and listed: the other
   * inputs are still used.
   */
  private static List<Unit> expand(Path p) {
    if (!Files.exists(p)) {
      return List.of(Unit.skip(p, "no such file or directory. Give run directories (with manifest.json), target "
          + "directories (with jmh.json), JMH JSON files (-rf json), directories of them, fio JSON files "
          + "(--output-format=json), iperf3 JSON files (-J) or directories of fio/iperf3 files."));
    }
    if (!Files.isDirectory(p) || Files.exists(p.resolve(MANIFEST)) || Files.exists(p.resolve(JMH))) {
      return List.of(Unit.of(p));
    }
    List<Path> runs;
    List<Path> json;
    try (Stream<Path> s = Files.list(p)) {
      List<Path> all = s.sorted().toList();
      runs = all.stream().filter(c -> Files.isDirectory(c) && Files.exists(c.resolve(MANIFEST))).toList();
      json = all.stream().filter(c -> Files.isRegularFile(c) && c.getFileName().toString().endsWith(".json")).toList();
    } catch (IOException e) {
      return List.of(Unit.skip(p, "cannot list the directory: " + e.getMessage()));
    }
    if (!runs.isEmpty()) {
      return runs.stream().map(Unit::of).toList();
    }
    if (ToolInputs.isToolDirectory(p)) {
      return List.of(Unit.of(p));
    }
    if (!json.isEmpty()) {
      // Each file a target of its own, named after the file: what `report a.json b.json` does.
      return json.stream().map(Unit::of).toList();
    }
    return List.of(Unit.skip(p, "nothing to read here: no manifest.json (a run directory), no jmh.json (a target "
        + "directory), no run directories (a results folder) and no *.json files (JMH, fio or iperf3 outputs)"));
  }

  /** What one unit gave: a run or nothing, what was skipped, and notes for the report. */
  record Partial(RunData run, List<Skipped> skipped, List<String> notes) {
    Partial(RunData run, List<Skipped> skipped) {
      this(run, skipped, List.of());
    }
  }

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
      if (results.isEmpty()) {
        // A run with no targets would compare as "nothing changed": an empty file is no input.
        throw new InputException(p, NO_RESULTS);
      }
      String name = p.getFileName().toString();
      String label = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
      TargetData t = new TargetData(label, p, results, null).withCounters(CounterReader.ofJmh(results));
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
      return new Partial(null, List.of(new Skipped(manifestFile, "unreadable manifest: " + JsonProblem.describe(e)
          + "; the run is skipped")));
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
    boolean lab = hasRounds(manifest.kind());
    List<String> spec = lab ? specOrder(manifest) : List.of();
    // target name -> its rounds, in the order the names first appear (round 1 is the plain label)
    Map<String, List<LabRounds.Round>> byName = new LinkedHashMap<>();
    for (String label : labels) {
      LabRounds.Label name = lab ? LabRounds.Label.of(label, spec) : new LabRounds.Label(label, 1);
      TargetData t = targetOfRun(dir, label, entries.get(label), whole, skipped);
      byName.computeIfAbsent(name.target(), k -> new ArrayList<>()).add(new LabRounds.Round(name.round(), label, t));
    }
    int plannedRounds = lab ? plannedRounds(manifest) : 0;
    List<TargetData> targets = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    byName.forEach((name, rounds) -> {
      if (rounds.stream().allMatch(r -> r.target() == null)) {
        return; // unreadable in every round: skipped, as a target of one round is
      }
      if (rounds.size() == 1 && rounds.get(0).round() == 1 && plannedRounds <= 1) {
        targets.add(rounds.get(0).target());
        return;
      }
      List<LabRounds.Round> inOrder = rounds.stream()
          .sorted(java.util.Comparator.comparingInt(LabRounds.Round::round)).toList();
      targets.add(LabRounds.merge(name, inOrder, plannedRounds, notes));
    });
    if (lab) {
      // the spec's order (host, container, emulated, virtio; a targets file's), not the first round's shuffled one
      targets.sort(java.util.Comparator.comparingInt(t -> spec.contains(t.label()) ? spec.indexOf(t.label()) : spec.size()));
    }
    if (REMOTE.equals(manifest.kind())) {
      RemoteJson remote = RemoteJson.read(dir, skipped);
      targets.replaceAll(t -> t.withRemote(remote.target(t.label())));
    }
    String runId = manifest.runId() != null ? manifest.runId() : dir.getFileName().toString();
    return new Partial(
        new RunData(runId, manifest.kind() != null ? manifest.kind() : "run", startTime(manifest, manifestFile, skipped),
            dir, targets, whole), skipped, notes);
  }

  /**
   * One target directory of a run: its results, or none (marked) when jmh.json is missing; null
   * when jmh.json cannot be read (skipped and listed).
   */
  private static TargetData targetOfRun(Path dir, String label, Manifest.TargetEntry entry, Completeness whole,
      List<Skipped> skipped) {
    // A target without its own entry (an old or hand-made manifest) is as complete as the run.
    Completeness c = entry != null ? Completeness.ofTarget(entry) : whole;
    Path jmh = dir.resolve(label).resolve(JMH);
    if (!Files.exists(jmh)) {
      // No results is still an answer: the target stays, marked, so its benchmarks show as missing.
      if (!c.incomplete()) {
        skipped.add(new Skipped(jmh, "missing: target '" + label + "' has no results although the manifest says "
            + (c.state().json() == null ? "nothing about it" : c.state().json())));
      }
      return new TargetData(label, jmh, List.of(), fingerprint(label, dir.resolve(label), skipped),
          c.withoutResults("no jmh.json"));
    }
    return target(label, dir.resolve(label), c, skipped).orElse(null);
  }

  /**
   * Whether a run of this kind records rounds ({@code NAME/}, {@code NAME.rN/}) and its target names
   * in {@code options.targets}: the lab, and {@code virtpath remote}, which writes the lab's layout.
   */
  static boolean hasRounds(String kind) {
    return LAB.equals(kind) || REMOTE.equals(kind);
  }

  /** A lab or remote manifest's {@code options.targets}: the target names in their order; empty when absent. */
  private static List<String> specOrder(Manifest m) {
    Object t = m.options() == null ? null : m.options().get("targets");
    return t instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  /** The lab's {@code --rounds} as its manifest records it in {@code options.rounds}; 0 when absent. */
  private static int plannedRounds(Manifest m) {
    Object r = m.options() == null ? null : m.options().get("rounds");
    return r instanceof Number n && n.intValue() > 0 && n.intValue() <= 1000 ? n.intValue() : 0;
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
      } catch (JsonProcessingException e) {
        skipped.add(new Skipped(manifestFile, "unreadable, the target is used without its run's start time: "
            + JsonProblem.describe(e)));
      } catch (IOException e) {
        skipped.add(new Skipped(manifestFile, "unreadable, the target is used without its run's start time: "
            + e.getMessage()));
      }
    }
    var target = target(label, dir, own, skipped);
    if (target.isEmpty()) {
      return new Partial(null, skipped);
    }
    if (target.get().results().isEmpty()) {
      // named on its own, a target without results is no input (within a run it shows as missing)
      skipped.add(new Skipped(dir.resolve(JMH), NO_RESULTS + (own.incomplete() ? "; the run record says: "
          + own.describe() : "")));
      return new Partial(null, skipped);
    }
    TargetData t = target.get();
    if (REMOTE.equals(kind)) {
      // one round's directory named on its own: that round's warnings only
      t = t.withRemote(RemoteJson.read(manifestFile.getParent(), skipped).round(label));
    }
    // The run's other targets were not asked for: this target's own state describes the input.
    return new Partial(new RunData(id, kind, start, dir, List.of(t), own), skipped);
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
    return java.util.Optional.of(new TargetData(label, jmh, results, fingerprint(label, dir, skipped), c)
        .withCounters(counters(label, dir, results, skipped)));
  }

  /** The target's counters; a malformed host-counters.json is listed and the guest's counters kept. */
  private static Counters counters(String label, Path dir, List<BenchmarkResult> results, List<Skipped> skipped) {
    try {
      return CounterReader.read(dir, results);
    } catch (InputException e) {
      skipped.add(new Skipped(e.path(), e.problem() + "; target '" + label + "' is shown without its host counters"));
      return CounterReader.guestOnly(dir, results);
    }
  }

  private static Fingerprint fingerprint(String label, Path dir, List<Skipped> skipped) {
    Path env = dir.resolve(ENVIRONMENT);
    if (!Files.exists(env)) {
      return null;
    }
    try {
      return Json.read(env, Fingerprint.class);
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? JsonProblem.describe(j) : e.getMessage();
      skipped.add(new Skipped(env, "unreadable, so target '" + label + "' is shown without its fingerprint: " + why));
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
