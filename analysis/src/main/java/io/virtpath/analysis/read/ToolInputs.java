package io.virtpath.analysis.read;

import io.virtpath.analysis.read.fio.FioReport;
import io.virtpath.analysis.read.iperf3.Iperf3Report;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * fio and iperf3 JSON outputs as runs: a file is one run with one target named after the file (as
 * a plain JMH file is), and a directory of such files is one run whose files are the replicates
 * of one target named after the directory. Told apart from JMH files by content: JMH writes an
 * array, fio and iperf3 an object.
 */
final class ToolInputs {
  private ToolInputs() {}

  /** A tool's file: the run, dated by the tool. */
  static RunData file(Path p, String text) throws InputException {
    Parsed one = parse(p, text);
    String name = p.getFileName().toString();
    String label = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    TargetData t = new TargetData(label, p, one.results, null);
    return new RunData(name, one.kind, one.time, p, List.of(t));
  }

  /**
   * A directory of outputs of the same experiment, repeated: every {@code *.json} in it that is
   * fio or iperf3 output is one replicate (one fork) of each result it has. Dated by its earliest
   * file. Other {@code .json} files, and outputs that cannot be read, are skipped and reported.
   */
  static Inputs.Partial directory(Path dir) {
    List<Skipped> skipped = new ArrayList<>();
    List<List<BenchmarkResult>> files = new ArrayList<>();
    Set<String> kinds = new LinkedHashSet<>();
    Instant first = null;
    for (Path p : jsonFiles(dir)) {
      try {
        String text = Files.readString(p, StandardCharsets.UTF_8);
        if (sniff(text) == null) {
          skipped.add(new Skipped(p, "neither fio nor iperf3 JSON output: not one of the replicates in " + dir));
          continue;
        }
        Parsed one = parse(p, text);
        files.add(one.results);
        kinds.add(one.kind);
        first = first == null || (one.time != null && one.time.isBefore(first)) ? one.time : first;
      } catch (InputException e) {
        skipped.add(Skipped.of(e));
      } catch (IOException e) {
        skipped.add(new Skipped(p, "cannot read: " + e.getMessage()));
      }
    }
    if (files.isEmpty()) {
      return new Inputs.Partial(null, skipped);
    }
    String label = dir.toAbsolutePath().normalize().getFileName().toString();
    TargetData t = new TargetData(label, dir, ToolResults.merge(files), null);
    return new Inputs.Partial(new RunData(label, String.join("+", kinds), first, dir, List.of(t)), skipped);
  }

  /** Whether {@code dir} holds at least one fio or iperf3 output (a directory of replicates). */
  static boolean isToolDirectory(Path dir) {
    for (Path p : jsonFiles(dir)) {
      try {
        if (sniff(Files.readString(p, StandardCharsets.UTF_8)) != null) {
          return true;
        }
      } catch (IOException unreadable) {
        // not evidence either way; loading reports it
      }
    }
    return false;
  }

  /**
   * The text of {@code p} when it is a JSON object (a tool's output, or a mistake to report), or
   * null when it should be read as a JMH file: an array, empty, or no line starting with '{'.
   * JMH files are only peeked at, not read twice.
   */
  static String objectText(Path p) throws InputException {
    try {
      try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
        int c;
        do {
          c = r.read();
        } while (c != -1 && (Character.isWhitespace(c) || c == '\uFEFF'));
        if (c == -1 || c == '[') {
          return null;
        }
      }
      String text = Files.readString(p, StandardCharsets.UTF_8);
      return ToolJson.objectStart(text) < 0 ? null : text;
    } catch (IOException e) {
      return null; // the JMH reader says what is wrong with the file
    }
  }

  private record Parsed(String kind, Instant time, List<BenchmarkResult> results) {}

  private static Parsed parse(Path p, String text) throws InputException {
    var root = ToolJson.object(text, p, "fio, iperf3 or JMH");
    ToolJson.Kind kind = ToolJson.kind(root);
    if (kind == ToolJson.Kind.FIO) {
      FioReport r = FioReport.of(root, p);
      List<BenchmarkResult> results = ToolResults.of(r);
      if (results.isEmpty()) {
        throw new InputException(p, "no fio job did reads or writes (trim-only jobs are not read)");
      }
      return new Parsed(RunData.FIO, r.timestampMs() > 0 ? Instant.ofEpochMilli(r.timestampMs()) : null, results);
    }
    if (kind == ToolJson.Kind.IPERF3 || root.has("error") && root.has("start")) {
      Iperf3Report r = Iperf3Report.of(root, p);
      return new Parsed(RunData.IPERF3, r.timestampSeconds() > 0 ? Instant.ofEpochSecond(r.timestampSeconds()) : null,
          ToolResults.of(r));
    }
    throw new InputException(p, "a JSON object, but none of the accepted outputs: JMH's -rf json is an array, "
        + "fio's --output-format=json has \"fio version\", iperf3's -J has \"start\", \"intervals\" and \"end\"");
  }

  /** A cheap look at the content: which tool, if any, wrote this text. */
  private static ToolJson.Kind sniff(String text) {
    if (ToolJson.objectStart(text) < 0) {
      return null;
    }
    if (text.contains("\"fio version\"")) {
      return ToolJson.Kind.FIO;
    }
    return text.contains("\"start\"") && text.contains("\"end\"") && text.contains("\"intervals\"")
        ? ToolJson.Kind.IPERF3 : null;
  }

  private static List<Path> jsonFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
