package io.virtpath.analysis.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;

/**
 * The JSON object that a measuring tool (fio, iperf3) printed. Such output is often captured from
 * stdout together with whatever the tool said first: fio prints notes such as "note: both iodepth
 * >= 1 and synchronous I/O engine are selected" on stdout before its JSON. So the object is taken
 * from the first line that starts with '{', and line numbers in messages still count from the top
 * of the file.
 */
public final class ToolJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What produced a JSON object, told by its content. */
  public enum Kind {
    /** {@code fio --output-format=json}: has {@code "fio version"}. */
    FIO,
    /** {@code iperf3 -J}: has {@code "start"}, {@code "intervals"} and {@code "end"}. */
    IPERF3
  }

  private ToolJson() {}

  /**
   * @param tool the tool's name and how to ask it for JSON, for messages: {@code fio
   *     (--output-format=json)}
   */
  public static JsonNode object(String text, Path source, String tool) throws InputException {
    if (text.isBlank()) {
      throw new InputException(source, "the file is empty (expected the JSON output of " + tool + ")");
    }
    int start = objectStart(text);
    if (start < 0 && text.strip().startsWith("[")) {
      throw new InputException(source, "line 1: a JSON array (JMH's -rf json output?); expected the JSON object of "
          + tool);
    }
    if (start < 0) {
      throw new InputException(source, "no JSON object in the file (no line starts with '{'); expected the JSON "
          + "output of " + tool);
    }
    int linesBefore = (int) text.substring(0, start).chars().filter(c -> c == '\n').count();
    JsonNode root;
    try {
      // Jackson stops after the first value: text a tool prints after its JSON is not read.
      root = MAPPER.readTree(text.substring(start));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : "line " + (at.getLineNr() + linesBefore) + ", column " + at.getColumnNr() + ": ";
      throw new InputException(source, where + JsonProblem.what(e) + "; expected the complete JSON output of " + tool, e);
    }
    if (root == null || !root.isObject()) {
      throw new InputException(source, "line " + (linesBefore + 1) + ": expected a JSON object from " + tool);
    }
    return root;
  }

  /** FIO or IPERF3 by the fields each tool always writes; null for anything else. */
  public static Kind kind(JsonNode root) {
    if (root == null || !root.isObject()) {
      return null;
    }
    if (root.has("fio version")) {
      return Kind.FIO;
    }
    if (root.has("start") && root.has("intervals") && root.has("end")) {
      return Kind.IPERF3;
    }
    return null;
  }

  /**
   * Index of the first line that starts with '{', or -1. Both tools write their object from the
   * first column; an indented '{' is inside something else (a JMH array's entries).
   */
  static int objectStart(String text) {
    int from = text.startsWith("\uFEFF") ? 1 : 0;
    if (text.startsWith("{", from)) {
      return from;
    }
    int at = text.indexOf("\n{", from);
    return at < 0 ? -1 : at + 1;
  }

  /** A required numeric field, or an error that says where in the file it is missing. */
  public static double number(JsonNode parent, String field, Path file, String at) throws InputException {
    JsonNode v = parent.get(field);
    if (v == null || !v.isNumber()) {
      throw new InputException(file, at + ": " + (v == null ? "missing \"" + field + "\"" : "\"" + field
          + "\" is not a number: " + v));
    }
    return v.doubleValue();
  }
}
