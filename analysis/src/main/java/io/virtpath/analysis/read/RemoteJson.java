package io.virtpath.analysis.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.virtpath.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The part of a remote run's {@code remote.json} (formatVersion 1, docs/results-format.md) the
 * analysis shows: each target's stated kind and transport ({@code targets[]}) and each run's
 * warnings ({@code runs.<label>.warnings}). The numbers never depend on it, so a missing or
 * unreadable file costs only these, with a skipped-input line saying so; fields it does not use
 * (bundle, peer, deploy times ...) are not read.
 */
final class RemoteJson {
  static final String FILE = "remote.json";
  static final int FORMAT_VERSION = 1;

  record Document(Integer formatVersion, List<TargetJson> targets, Map<String, RunJson> runs) {}

  record TargetJson(String name, String transport, String kind) {}

  record RunJson(String name, Integer round, List<String> warnings) {}

  private final Map<String, TargetJson> targets;
  private final Map<String, RunJson> runs;

  private RemoteJson(Map<String, TargetJson> targets, Map<String, RunJson> runs) {
    this.targets = targets;
    this.runs = runs;
  }

  private static final RemoteJson NONE = new RemoteJson(Map.of(), Map.of());

  /** remote.json of {@code runDir}; nothing (and a skipped line) when it is missing, unreadable or newer. */
  static RemoteJson read(Path runDir, List<Skipped> skipped) {
    Path file = runDir.resolve(FILE);
    String without = "; the remote targets are shown without their stated kinds and warnings";
    if (!Files.exists(file)) {
      skipped.add(new Skipped(file, "missing (a remote run writes it beside manifest.json)" + without));
      return NONE;
    }
    Document f;
    try {
      f = Json.read(file, Document.class);
    } catch (JsonProcessingException e) {
      skipped.add(new Skipped(file, "unreadable: " + JsonProblem.describe(e) + without));
      return NONE;
    } catch (IOException e) {
      skipped.add(new Skipped(file, "cannot read: " + e.getMessage() + without));
      return NONE;
    }
    if (f == null) {
      skipped.add(new Skipped(file, "unreadable: the file holds JSON null" + without));
      return NONE;
    }
    if (f.formatVersion() != null && f.formatVersion() > FORMAT_VERSION) {
      // a newer writer may mean something else by the same fields: better none than wrong ones
      skipped.add(new Skipped(file, "formatVersion " + f.formatVersion() + " is newer than this virtpath reads ("
          + FORMAT_VERSION + ")" + without));
      return NONE;
    }
    Map<String, TargetJson> byName = new LinkedHashMap<>();
    if (f.targets() != null) {
      f.targets().stream().filter(t -> t != null && t.name() != null).forEach(t -> byName.putIfAbsent(t.name(), t));
    }
    Map<String, RunJson> runs = new LinkedHashMap<>();
    if (f.runs() != null) {
      f.runs().forEach((label, run) -> {
        if (run != null) {
          runs.put(label, run);
        }
      });
    }
    return new RemoteJson(byName, runs);
  }

  /**
   * Target {@code name} with the warnings of all its rounds (in round order, each once); null when
   * remote.json says nothing about it.
   */
  RemoteTarget target(String name) {
    List<RunJson> ofName = new ArrayList<>();
    runs.forEach((label, run) -> {
      if (name.equals(nameOf(label, run))) {
        ofName.add(run);
      }
    });
    ofName.sort(Comparator.comparingInt(r -> r.round() == null ? Integer.MAX_VALUE : r.round()));
    return describe(name, ofName);
  }

  /** The target of one round's directory ({@code vm101.r2}): its stated kind, that round's warnings. */
  RemoteTarget round(String label) {
    RunJson run = runs.get(label);
    String name = nameOf(label, run);
    return describe(name, run == null ? List.of() : List.of(run));
  }

  private RemoteTarget describe(String name, List<RunJson> ofName) {
    TargetJson t = targets.get(name);
    if (t == null && ofName.isEmpty()) {
      return null;
    }
    Set<String> warnings = new LinkedHashSet<>();
    ofName.stream().filter(r -> r.warnings() != null)
        .forEach(r -> r.warnings().stream().filter(Objects::nonNull).forEach(warnings::add));
    return new RemoteTarget(t == null ? null : t.kind(), t == null ? null : t.transport(), List.copyOf(warnings));
  }

  /** A run's target name as it records it; a run that does not say is named by its label. */
  private String nameOf(String label, RunJson run) {
    if (run != null && run.name() != null) {
      return run.name();
    }
    return LabRounds.Label.of(label, targets.keySet()).target();
  }
}
