package io.virtpath.remote.fetch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.virtpath.core.FileTrees;
import io.virtpath.core.Json;
import io.virtpath.core.record.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks the record a target sent (unpacked in staging) before anything on the controller reads
 * it, for what would otherwise throw in the controller rather than fail the target: every JSON file
 * must parse; a run's {@code manifest.json} must be a manifest with a status and targets (the record
 * collector and the reports take both for granted); and the target's directory must not hold a name
 * that its record on the controller has already (its logs), which the collector's move would meet.
 * What fails is deleted, so that nothing reads it later; the rest is kept, so a target with one
 * broken file still shows what it measured.
 *
 * <p>The JSON parse streams: it checks the syntax without building a tree, so a large file costs
 * time, not memory (the archive's per-file limit bounds the time).
 */
public final class FetchedRecord {
  private FetchedRecord() {}

  /**
   * @param label the target run's label: the inner run's directory for it is {@code <run>/<label>}
   * @param recordDir the target run's record directory on the controller, where its files go
   * @param source who sent the files, for messages: the target's URI
   * @return one problem per refused file, naming the source and the file; empty when all are fine
   */
  public static List<String> check(Path staging, String label, Path recordDir, String source) throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> runs = Files.list(staging)) {
      for (Path run : runs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
        Path mine = run.resolve(label);
        if (!Files.isDirectory(mine, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (Stream<Path> files = Files.list(mine)) {
          for (Path f : files.sorted().toList()) {
            if (Files.exists(recordDir.resolve(f.getFileName().toString()), LinkOption.NOFOLLOW_LINKS)) {
              problems.add("the record from " + source + ": " + Shown.text(staging.relativize(f).toString())
                  + ": a name this target's record on the controller holds already, refused");
              FileTrees.delete(f);
            }
          }
        }
      }
    }
    List<Path> json;
    try (Stream<Path> s = Files.walk(staging)) {
      json = s.filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
    for (Path f : json) {
      String rel = Shown.text(staging.relativize(f).toString());
      String problem = syntax(f);
      if (problem == null && isRunManifest(staging, f)) {
        problem = manifest(f);
      }
      if (problem != null) {
        problems.add("the record from " + source + ": " + rel + " " + problem + ", refused");
        Files.delete(f);
      }
    }
    return problems;
  }

  /** Why {@code f} is not JSON, or null. */
  private static String syntax(Path f) throws IOException {
    try (JsonParser p = Json.mapper().createParser(f.toFile())) {
      int tokens = 0;
      while (p.nextToken() != null) {
        tokens++;
      }
      return tokens == 0 ? "is empty, not JSON" : null;
    } catch (JsonProcessingException e) {
      String line = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
      return "is not valid JSON (" + line + firstLine(e.getOriginalMessage()) + ")";
    }
  }

  /** {@code <staging>/<run-dir>/manifest.json}: the file the record collector reads as the run's manifest. */
  private static boolean isRunManifest(Path staging, Path f) {
    return f.getFileName().toString().equals("manifest.json") && staging.relativize(f).getNameCount() == 2;
  }

  private static String manifest(Path f) throws IOException {
    Manifest m;
    try {
      m = Json.read(f, Manifest.class);
    } catch (JsonProcessingException e) {
      return "is not a run manifest (" + firstLine(e.getOriginalMessage()) + ")";
    }
    if (m == null || m.status() == null || m.targets() == null) {
      return "is not a run manifest (no status or no targets)";
    }
    return null;
  }

  private static String firstLine(String message) {
    String m = message == null ? "" : message.strip();
    int nl = m.indexOf('\n');
    return Shown.text(nl < 0 ? m : m.substring(0, nl));
  }
}
