package io.virtpath.runner;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Run ids sort by time as plain strings ({@code ls} order is chronological) and do not collide
 * when two runs start in the same second: {@code 20261122-110309-3fa2}.
 */
public final class RunId {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /**
   * Exactly what {@link #at} makes and nothing else: a name read back from a results directory is
   * checked with it before it goes anywhere a looser string could do harm (a path, a shell command).
   */
  public static final Pattern PATTERN = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{4}");

  private RunId() {}

  /** Whether {@code s} is a run id as {@link #at} makes them. */
  public static boolean isValid(String s) {
    return s != null && PATTERN.matcher(s).matches();
  }

  public static String at(Instant when) {
    byte[] suffix = new byte[2];
    ThreadLocalRandom.current().nextBytes(suffix);
    return STAMP.format(when) + "-" + HexFormat.of().formatHex(suffix);
  }
}
