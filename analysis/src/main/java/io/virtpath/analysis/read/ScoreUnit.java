package io.virtpath.analysis.read;

import io.virtpath.core.record.Unit;
import java.util.Locale;
import java.util.Map;

/**
 * A score unit: {@code ns/op}, {@code ops/s} and their relatives convert into each other, and so do
 * data rates ({@code B/s}, {@code MB/s}, {@code MiB/s}: fio and iperf3 bandwidth); any other unit
 * ({@code B/op}, {@code MB/sec}, {@code #}) only equals itself. virtpath's own units ({@link Unit},
 * the ones metrics.json writes) are read with the direction the writer gives them: {@code IOPS}
 * counts operations per second.
 *
 * @param text the unit as written in the file
 * @param kind time per operation, operations per time, bytes per time, or other
 * @param scale the value of 1 {@code text} in the kind's canonical unit (ns/op, ops/s or B/s)
 */
public record ScoreUnit(String text, Kind kind, double scale) {

  public enum Kind {
    TIME_PER_OP,
    OPS_PER_TIME,
    BYTES_PER_TIME,
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

  /**
   * Bytes per data-rate prefix: decimal as in virtpath's own MB/s (10^6 bytes), binary with "i".
   * Only the "/s" spelling is a data rate: JMH's gc profiler writes its allocation rate as
   * {@code MB/sec}, and a higher allocation rate is not better, so that one stays without a
   * direction.
   */
  private static final Map<String, Double> BYTES =
      Map.ofEntries(
          Map.entry("b", 1.0),
          Map.entry("kb", 1e3),
          Map.entry("mb", 1e6),
          Map.entry("gb", 1e9),
          Map.entry("kib", 1024.0),
          Map.entry("mib", 1024.0 * 1024),
          Map.entry("gib", 1024.0 * 1024 * 1024));

  /** One of virtpath's own units, as the writer spells it. */
  public static ScoreUnit of(Unit unit) {
    return parse(unit.symbol());
  }

  public static ScoreUnit parse(String text) {
    String t = text == null ? "" : text.trim();
    if (Unit.ofSymbol(t) == Unit.IOPS) {
      return new ScoreUnit(t, Kind.OPS_PER_TIME, 1.0);
    }
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
    String rate = t.endsWith("/s") ? t.substring(0, t.length() - 2) : "";
    if (rate.endsWith("B")) { // a capital B: Mb/s is megabits, not megabytes
      Double b = BYTES.get(rate.toLowerCase(Locale.ROOT));
      if (b != null) {
        return new ScoreUnit(t, Kind.BYTES_PER_TIME, b);
      }
    }
    return new ScoreUnit(t, Kind.OTHER, 1.0);
  }

  public Direction direction() {
    return switch (kind) {
      case TIME_PER_OP -> Direction.LOWER_IS_BETTER;
      case OPS_PER_TIME, BYTES_PER_TIME -> Direction.HIGHER_IS_BETTER;
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
