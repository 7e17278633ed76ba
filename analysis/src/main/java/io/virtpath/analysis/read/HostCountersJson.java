package io.virtpath.analysis.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code host-counters.json}, the lab's host-side counters of one QEMU guest target
 * (docs/results-format.md): per benchmark, QEMU's CPU µs per operation by thread group and, under
 * KVM with debugfs, exits per operation. Only the fields the report uses are read, each checked:
 * a file that is not what the lab writes is an {@link InputException} naming the field.
 */
final class HostCountersJson {
  static final String FILE = "host-counters.json";
  static final int FORMAT_VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HostCountersJson() {}

  /** What the file gives: per benchmark, host CPU µs/op by group (and total), KVM exits/op; and the exits note. */
  record Read(Map<BenchmarkKey, Map<String, Double>> cpu, Map<BenchmarkKey, Map<String, Double>> exits,
      String kvmExits) {}

  static Read read(Path file) throws InputException {
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new InputException(file, JsonProblem.describe(e), e);
    } catch (IOException e) {
      throw new InputException(file, "cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InputException(file, "expected a JSON object (the lab's host-counters.json)");
    }
    JsonNode version = root.get("formatVersion");
    if (version == null || !version.isInt()) {
      throw new InputException(file, "\"formatVersion\": missing or not a whole number");
    }
    if (version.intValue() != FORMAT_VERSION) {
      throw new InputException(file, "\"formatVersion\" " + version.intValue() + " is not one this virtpath reads ("
          + FORMAT_VERSION + ")");
    }
    String kvm = kvmExits(file, root.get("kvmExits"));
    JsonNode list = root.get("benchmarks");
    if (list == null || !list.isArray()) {
      throw new InputException(file, "\"benchmarks\": missing or not an array");
    }
    Map<BenchmarkKey, Map<String, Double>> cpu = new LinkedHashMap<>();
    Map<BenchmarkKey, Map<String, Double>> exits = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "benchmarks[" + i + "]";
      JsonNode b = list.get(i);
      if (!b.isObject()) {
        throw new InputException(file, at + ": expected an object");
      }
      BenchmarkKey key = BenchmarkKey.of(text(file, b, "benchmark", at), text(file, b, "mode", at),
          params(file, b.get("params"), at + ".params"));
      Map<String, Double> perOp = numbers(file, b.get("cpuMicrosPerOp"), at + ".cpuMicrosPerOp");
      for (String g : Counters.HOST_GROUPS) {
        if (!perOp.containsKey(g)) {
          throw new InputException(file, at + ".cpuMicrosPerOp." + g + ": missing (every group is always written)");
        }
      }
      perOp.computeIfAbsent("total", t -> Counters.HOST_GROUPS.stream().mapToDouble(perOp::get).sum());
      cpu.put(key, perOp);
      JsonNode e = b.get("kvmExitsPerOp");
      if (e != null && !e.isNull()) {
        exits.put(key, numbers(file, e, at + ".kvmExitsPerOp"));
      }
    }
    return new Read(cpu, exits, kvm);
  }

  /** {@code available (debugfs)}, or the file's reason why not. */
  private static String kvmExits(Path file, JsonNode k) throws InputException {
    if (k == null || !k.isObject() || !k.path("available").isBoolean()) {
      throw new InputException(file, "\"kvmExits.available\": missing or not true/false");
    }
    if (k.get("available").booleanValue()) {
      return "available (" + k.path("source").asText("debugfs") + ")";
    }
    JsonNode reason = k.get("reason");
    if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
      throw new InputException(file, "\"kvmExits.reason\": missing (the file must say why exits are not available)");
    }
    return reason.asText();
  }

  private static String text(Path file, JsonNode n, String field, String at) throws InputException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new InputException(file, at + "." + field + ": missing or not a string");
    }
    return v.asText();
  }

  private static Map<String, String> params(Path file, JsonNode p, String at) throws InputException {
    Map<String, String> out = new TreeMap<>();
    if (p == null || p.isNull()) {
      return out;
    }
    if (!p.isObject()) {
      throw new InputException(file, at + ": expected an object of name → value");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
      var f = it.next();
      out.put(f.getKey(), f.getValue().asText());
    }
    return out;
  }

  private static Map<String, Double> numbers(Path file, JsonNode n, String at) throws InputException {
    if (n == null || !n.isObject()) {
      throw new InputException(file, at + ": missing or not an object of name → number");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      var f = it.next();
      JsonNode v = f.getValue();
      if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() < 0) {
        throw new InputException(file, at + "." + f.getKey() + ": expected a number >= 0, found " + v);
      }
      out.put(f.getKey(), v.doubleValue());
    }
    return out;
  }
}
