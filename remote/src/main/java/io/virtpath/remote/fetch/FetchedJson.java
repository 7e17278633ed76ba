package io.virtpath.remote.fetch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
 * Checks the JSON files a target sent, before anything on the controller reads them: each must
 * parse, and a run's {@code manifest.json} must be a manifest with a status and targets (the record
 * collector and the reports take both for granted; without this a forged one would throw in the
 * controller, not fail the target). A file that fails is deleted, so that nothing reads it later;
 * the rest of the record is kept, so a target with one broken file still shows what it measured.
 *
 * <p>The parse streams: it checks the syntax without building a tree, so a large file costs time,
 * not memory (the archive's per-file limit bounds the time).
 */
public final class FetchedJson {
  private FetchedJson() {}

  /**
   * @param source who sent the files, for messages: the target's URI
   * @return one problem per refused file, naming the source and the file; empty when all are fine
   */
  public static List<String> check(Path staging, String source) throws IOException {
    List<Path> json;
    try (Stream<Path> s = Files.walk(staging)) {
      json = s.filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
    List<String> problems = new ArrayList<>();
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
