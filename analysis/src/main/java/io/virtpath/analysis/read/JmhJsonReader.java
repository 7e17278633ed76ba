package io.virtpath.analysis.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the JSON that JMH's {@code -rf json} writes, from any project and any JMH 1.x: every mode,
 * params, forks, SampleTime histograms, secondary metrics and JMH's {@code "NaN"}/{@code "+INF"}
 * strings. Reads it as data (no JMH classes), so users can point virtpath at their own results.
 * SampleTime percentiles are recomputed from the histograms ({@link SampleTimePercentiles}); a
 * virtpath target's jmh.json is read in its suites' units ({@link RecordUnits}).
 */
public final class JmhJsonReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JmhJsonReader() {}

  public static List<BenchmarkResult> read(Path file) throws InputException {
    JsonNode root;
    try {
      if (Files.size(file) == 0) {
        throw new InputException(file, "the file is empty (a JMH run that wrote nothing?)");
      }
      root = MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new InputException(
          file, where + "not valid JSON (" + firstLine(e.getOriginalMessage()) + "); truncated or not a JMH result file?", e);
    } catch (IOException e) {
      throw new InputException(file, "cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new InputException(
          file, "line 1: expected a JSON array of benchmark results (JMH's -rf json output), found "
              + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
    }
    List<BenchmarkResult> results = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      results.add(entry(file, i, root.get(i)));
    }
    return RecordUnits.apply(file, results);
  }

  private static BenchmarkResult entry(Path file, int index, JsonNode e) throws InputException {
    Where at = new Where(file, "entry " + (index + 1));
    if (!e.isObject()) {
      throw at.fail("expected an object with \"benchmark\", \"mode\" and \"primaryMetric\"");
    }
    String benchmark = text(e, "benchmark", at);
    at = new Where(file, "entry " + (index + 1) + " (" + benchmark + ")");
    String mode = text(e, "mode", at);
    Map<String, String> params = new TreeMap<>();
    JsonNode p = e.get("params");
    if (p != null && !p.isNull()) {
      if (!p.isObject()) {
        throw at.fail("\"params\" must be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
        var f = it.next();
        params.put(f.getKey(), f.getValue().asText());
      }
    }
    JsonNode pm = e.get("primaryMetric");
    if (pm == null || !pm.isObject()) {
      throw at.fail("missing \"primaryMetric\"");
    }
    Metric primary = metric("primary", pm, at.in("primaryMetric"));
    Map<String, Metric> secondary = new LinkedHashMap<>();
    JsonNode sm = e.get("secondaryMetrics");
    if (sm != null && sm.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = sm.fields(); it.hasNext(); ) {
        var f = it.next();
        secondary.put(f.getKey(), metric(f.getKey(), f.getValue(), at.in("secondaryMetrics." + f.getKey())));
      }
    }
    secondary = SampleTimePercentiles.rebuild(primary, secondary);
    int forks = e.path("forks").asInt(primary.forks());
    return new BenchmarkResult(
        BenchmarkKey.of(benchmark, mode, params),
        e.path("threads").asInt(1),
        forks,
        e.path("jmhVersion").asText(null),
        e.path("jdkVersion").asText(null),
        primary,
        secondary);
  }

  private static Metric metric(String name, JsonNode m, Where at) throws InputException {
    if (!m.isObject()) {
      throw at.fail("expected an object");
    }
    ScoreUnit unit = ScoreUnit.parse(text(m, "scoreUnit", at));
    double score = number(m.get("score"), at.in("score"));
    double error = m.has("scoreError") ? number(m.get("scoreError"), at.in("scoreError")) : Double.NaN;
    Histogram[][] histograms = null;
    JsonNode h = m.get("rawDataHistogram");
    if (h != null && !h.isNull()) {
      histograms = histograms(h, at.in("rawDataHistogram"));
    }
    double[][] raw;
    JsonNode r = m.get("rawData");
    if (r != null && !r.isNull()) {
      raw = matrix(r, at.in("rawData"));
    } else if (histograms != null) {
      raw = new double[histograms.length][0];
    } else {
      throw at.fail("has neither \"rawData\" nor \"rawDataHistogram\": no raw samples to analyse");
    }
    return new Metric(name, unit, score, error, raw, histograms);
  }

  private static double[][] matrix(JsonNode node, Where at) throws InputException {
    if (!node.isArray()) {
      throw at.fail("expected [fork][iteration] arrays");
    }
    double[][] out = new double[node.size()][];
    for (int f = 0; f < node.size(); f++) {
      JsonNode fork = node.get(f);
      if (!fork.isArray()) {
        throw at.fail("[" + f + "] must be an array of iteration scores");
      }
      out[f] = new double[fork.size()];
      for (int i = 0; i < fork.size(); i++) {
        out[f][i] = number(fork.get(i), at.index(f, i));
      }
    }
    return out;
  }

  private static Histogram[][] histograms(JsonNode node, Where at) throws InputException {
    if (!node.isArray()) {
      throw at.fail("expected [fork][iteration][[value, count], ...] arrays");
    }
    Histogram[][] out = new Histogram[node.size()][];
    for (int f = 0; f < node.size(); f++) {
      JsonNode fork = node.get(f);
      if (!fork.isArray()) {
        throw at.fail("[" + f + "] must be an array of iterations");
      }
      out[f] = new Histogram[fork.size()];
      for (int i = 0; i < fork.size(); i++) {
        JsonNode it = fork.get(i);
        if (!it.isArray()) {
          throw at.index(f, i).fail("must be an array of [value, count] pairs");
        }
        double[] values = new double[it.size()];
        long[] counts = new long[it.size()];
        for (int k = 0; k < it.size(); k++) {
          JsonNode pair = it.get(k);
          if (!pair.isArray() || pair.size() != 2) {
            throw at.index(f, i).fail("[" + k + "] must be a [value, count] pair");
          }
          values[k] = number(pair.get(0), at.index(f, i));
          double c = number(pair.get(1), at.index(f, i));
          if (!(c >= 0) || c != Math.rint(c)) {
            throw at.index(f, i).fail("[" + k + "]: count " + pair.get(1) + " is not a whole number >= 0");
          }
          counts[k] = (long) c;
        }
        out[f][i] = sortedByValue(values, counts);
      }
    }
    return out;
  }

  private static Histogram sortedByValue(double[] values, long[] counts) {
    for (int k = 1; k < values.length; k++) {
      if (values[k] < values[k - 1]) {
        return Histogram.merge(List.of(new Histogram(values, counts))); // merge sorts by value
      }
    }
    return new Histogram(values, counts);
  }

  /** A number, or one of the strings JMH writes for non-finite values. */
  static double number(JsonNode n, Where at) throws InputException {
    if (n == null || n.isNull()) {
      throw at.fail("missing number");
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      switch (n.asText().trim()) {
        case "NaN":
          return Double.NaN;
        case "+INF", "INF", "Infinity", "+Infinity":
          return Double.POSITIVE_INFINITY;
        case "-INF", "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw at.fail("expected a number (or \"NaN\", \"+INF\", \"-INF\"), found " + n);
  }

  private static String text(JsonNode n, String field, Where at) throws InputException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw at.fail("missing \"" + field + "\"");
    }
    return v.asText();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Where in the file a value sits: entry number with its benchmark, and the field path. */
  record Where(Path file, String entry, String path) {
    Where(Path file, String entry) {
      this(file, entry, "");
    }

    Where in(String field) {
      return new Where(file, entry, path.isEmpty() ? field : path + "." + field);
    }

    Where index(int fork, int iteration) {
      return new Where(file, entry, path + "[" + fork + "][" + iteration + "]");
    }

    InputException fail(String problem) {
      return new InputException(file, entry + (path.isEmpty() ? "" : ", " + path) + ": " + problem);
    }
  }
}
