package io.virtpath.analysis.read;

import java.util.Locale;
import java.util.Map;

/**
 * A JMH score unit: {@code ns/op}, {@code ops/s} and their relatives convert into each other; any
 * other unit ({@code B/op}, {@code MB/sec}, {@code #}) only equals itself.
 *
 * @param text the unit as written in the file
 * @param kind time per operation, operations per time, or other
 * @param scale the value of 1 {@code text} in the kind's canonical unit (ns/op or ops/s)
 */
public record ScoreUnit(String text, Kind kind, double scale) {

  public enum Kind {
    TIME_PER_OP,
    OPS_PER_TIME,
    OTHER
  }

  /** Seconds per JMH time unit name (JMH writes TimeUnit short names; "sec" appears in MB/sec). */
  private static final Map<String, Double> SECONDS =
      Map.ofEntries(
          Map.entry("ns", 1e-9),
          Map.entry("us", 1e-6),
          Map.entry("µs", 1e-6),
          Map.entry("μs", 1e-6),
          Map.entry("ms", 1e-3),
          Map.entry("s", 1.0),
          Map.entry("sec", 1.0),
          Map.entry("min", 60.0),
          Map.entry("hr", 3600.0),
          Map.entry("day", 86400.0));

  public static ScoreUnit parse(String text) {
    String t = text == null ? "" : text.trim();
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.endsWith("/op")) {
      Double s = SECONDS.get(lower.substring(0, lower.length() - 3));
      if (s != null) {
        return new ScoreUnit(t, Kind.TIME_PER_OP, s * 1e9);
      }
    }
    if (lower.startsWith("ops/")) {
      Double s = SECONDS.get(lower.substring(4));
      if (s != null) {
        return new ScoreUnit(t, Kind.OPS_PER_TIME, 1.0 / s);
      }
    }
    return new ScoreUnit(t, Kind.OTHER, 1.0);
  }

  public Direction direction() {
    return switch (kind) {
      case TIME_PER_OP -> Direction.LOWER_IS_BETTER;
      case OPS_PER_TIME -> Direction.HIGHER_IS_BETTER;
      case OTHER -> Direction.UNKNOWN;
    };
  }

  /** Whether scores in this unit can be expressed in {@code other}. */
  public boolean convertibleTo(ScoreUnit other) {
    return kind == other.kind && (kind != Kind.OTHER || text.equals(other.text));
  }

  /** The factor that turns a score in this unit into one in {@code other}. */
  public double factorTo(ScoreUnit other) {
    if (!convertibleTo(other)) {
      throw new IllegalArgumentException("cannot convert " + text + " to " + other.text);
    }
    return scale / other.scale;
  }

  @Override
  public String toString() {
    return text;
  }
}
