package io.virtpath.runner;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Run ids sort by time as plain strings ({@code ls} order is chronological) and do not collide
 * when two runs start in the same second: {@code 20261122-110309-3fa2}.
 */
public final class RunId {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private RunId() {}

  public static String at(Instant when) {
    byte[] suffix = new byte[2];
    ThreadLocalRandom.current().nextBytes(suffix);
    return STAMP.format(when) + "-" + HexFormat.of().formatHex(suffix);
  }
}
