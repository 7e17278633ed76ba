package io.virtpath.analysis.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Says in words what is wrong with a JSON file and where ({@code line 3, column 7: ...}): Jackson's
 * own messages name its classes, features and Java types ("Source: REDACTED
 * (`StreamReadFeature...`"), which tell a user nothing about their file.
 */
final class JsonProblem {
  /** {@code ('x' (code 120))}: a character and its code, as Jackson quotes it. */
  private static final Pattern CODE = Pattern.compile("\\('(.+?)' \\(code \\d+\\)\\)");
  /** Backquoted Java class names: {@code `io.virtpath.core.record.RunStatus`}. */
  private static final Pattern JAVA_TYPE = Pattern.compile("`[\\w.$<>,\\[\\] ]+`");

  private JsonProblem() {}

  /** {@code line L, column C: <what is wrong>}, without anything of Jackson's. */
  static String describe(JsonProcessingException e) {
    return where(e) + what(e);
  }

  private static String where(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
  }

  /** Whether the text ends before the JSON does (not every such error is a JsonEOFException). */
  static boolean truncated(JsonProcessingException e) {
    String original = e.getOriginalMessage();
    return e instanceof JsonEOFException || original != null && original.contains("end-of-input");
  }

  /** What is wrong, in words, without the position. */
  static String what(JsonProcessingException e) {
    String original = e.getOriginalMessage();
    if (truncated(e)) {
      return "not valid JSON: it ends before it is complete (an array or object is not closed), so the file is "
          + "truncated (written by a run that was killed, or cut while copied?)";
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field \"" + u.getPropertyName() + "\"" + in(u, 1);
    }
    if (e instanceof InvalidFormatException f) {
      Class<?> type = f.getTargetType();
      String allowed = type != null && type.isEnum()
          ? "; allowed: " + java.util.Arrays.stream(type.getEnumConstants())
              .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "))
          : "";
      return "value " + quoted(f.getValue()) + " is not accepted" + in(f, 0) + allowed;
    }
    if (e instanceof MismatchedInputException m) {
      return "a value of the wrong kind" + in(m, 0) + " (" + kind(m.getTargetType()) + " expected)";
    }
    return "not valid JSON: " + clean(original);
  }

  /** {@code  at "targets[1].status"}: the field path, from the document's root. */
  private static String in(JsonMappingException e, int dropLast) {
    var path = e.getPath();
    if (path.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (var ref : path.subList(0, Math.max(0, path.size() - dropLast))) {
      if (ref.getFieldName() != null) {
        b.append(b.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.isEmpty() ? "" : " at \"" + b + "\"";
  }

  private static String kind(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (type == String.class || type.isEnum()) {
      return "a string";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static String quoted(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  /** The first line of a parser message, without Jackson's location, codes and Java types. */
  static String clean(String message) {
    if (message == null || message.isBlank()) {
      return "unreadable";
    }
    String s = message.lines().findFirst().orElse("");
    // "(for Array starting at [Source: REDACTED (`StreamReadFeature...` disabled); line: 1, column: 1])":
    // the whole remark goes, the position is already said in words
    int source = s.indexOf("[Source:");
    if (source >= 0) {
      int remark = s.lastIndexOf(" (", source);
      s = s.substring(0, remark >= 0 && s.indexOf(')', remark) > source ? remark : source);
    }
    s = CODE.matcher(s).replaceAll("'$1'");
    s = JAVA_TYPE.matcher(s).replaceAll("a value");
    s = s.replace("close marker", "closing").strip();
    return s.isEmpty() ? "unreadable" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
