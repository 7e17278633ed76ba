package io.virtpath.analysis.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.read.Loaded;
import io.virtpath.analysis.report.ReportWriter;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Settings;
import io.virtpath.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The timing harness for the performance target: reading + statistics + report (HTML, summary,
 * charts) for 1,000 JMH result files of 10 benchmarks each in at most 10 s with at most 1 GiB of
 * heap. The files are real JMH output (the fixtures: thrpt, avgt with params and 3 forks,
 * SampleTime histograms, ss), each copy's numbers scaled by a different factor so that no two
 * files are alike. Generation is not timed.
 *
 * <p>Run (from the repository root, after {@code mvn -q -pl analysis -am test-compile}):
 * <pre>
 * mvn -q -pl analysis dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * cd analysis && java -Xmx1g -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     io.virtpath.analysis.perf.ThousandFilesTiming 1000
 * </pre>
 */
public final class ThousandFilesTiming {
  /** The 10 benchmarks of one generated file. */
  static final List<Path> SOURCES = List.of(Fixtures.LAB.resolve("host/jmh.json"), Fixtures.mode("avgt-forks-params"),
      Fixtures.mode("thrpt"), Fixtures.mode("ss"));

  public record Timing(int files, int benchmarks, double loadSeconds, double analyzeSeconds, double writeSeconds,
      long heapUsedBytes, Path report) {
    public double totalSeconds() {
      return loadSeconds + analyzeSeconds + writeSeconds;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d files x %d benchmarks: read %.2f s, statistics %.2f s, report %.2f s, "
              + "total %.2f s; heap in use after: %d MiB (max %d MiB)", files, benchmarks, loadSeconds,
          analyzeSeconds, writeSeconds, totalSeconds(), heapUsedBytes >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }
  }

  private ThousandFilesTiming() {}

  /** Writes {@code n} JMH files into {@code dir}; returns them in order. */
  public static List<Path> generate(int n, Path dir) throws IOException {
    ArrayNode template = Json.mapper().createArrayNode();
    for (Path p : SOURCES) {
      Json.mapper().readTree(p.toFile()).forEach(template::add);
    }
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ArrayNode copy = template.deepCopy();
      double factor = 1 + 0.2 * Math.sin(i * 0.7); // a different, reproducible level per file
      for (JsonNode b : copy) {
        scale((ObjectNode) b.get("primaryMetric"), factor);
      }
      Path f = dir.resolve(String.format("result-%04d.json", i));
      Json.mapper().writeValue(f.toFile(), copy);
      files.add(f);
    }
    return files;
  }

  private static void scale(ObjectNode metric, double factor) {
    metric.put("score", metric.get("score").asDouble() * factor);
    if (metric.has("rawData")) {
      for (JsonNode fork : metric.get("rawData")) {
        ArrayNode a = (ArrayNode) fork;
        for (int i = 0; i < a.size(); i++) {
          a.set(i, DoubleNode.valueOf(a.get(i).asDouble() * factor));
        }
      }
    }
    if (metric.has("rawDataHistogram")) {
      for (JsonNode fork : metric.get("rawDataHistogram")) {
        for (JsonNode iteration : fork) {
          for (JsonNode pair : iteration) {
            ((ArrayNode) pair).set(0, DoubleNode.valueOf(pair.get(0).asDouble() * factor));
          }
        }
      }
    }
  }

  public static Timing measure(List<Path> files, Path out) throws IOException {
    long t0 = System.nanoTime();
    Loaded loaded = Inputs.load(files);
    long t1 = System.nanoTime();
    Analysis a = new Analyzer(Settings.DEFAULTS).analyze(loaded, null);
    long t2 = System.nanoTime();
    ReportWriter.Written w = ReportWriter.write(a, out);
    long t3 = System.nanoTime();
    Runtime rt = Runtime.getRuntime();
    int benchmarks = loaded.runs().isEmpty() ? 0 : loaded.runs().get(0).targets().get(0).results().size();
    return new Timing(files.size(), benchmarks, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9,
        rt.totalMemory() - rt.freeMemory(), w.html());
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path dir = Files.createTempDirectory("virtpath-perf-");
    List<Path> files = generate(n, dir.resolve("in"));
    System.out.println("generated " + n + " files in " + dir.resolve("in"));
    Timing t = measure(files, dir.resolve("report"));
    System.out.println(t);
    System.out.println("report: " + t.report());
  }
}
