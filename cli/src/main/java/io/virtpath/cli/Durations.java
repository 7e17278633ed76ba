package io.virtpath.cli;

import io.virtpath.core.UsageException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them on a command line: {@code 15m}, {@code 900s}, {@code 1h30m}. */
final class Durations {
  private static final Pattern FORM = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private Durations() {}

  static Duration parse(String text, String option) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = FORM.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      throw new UsageException(option + " '" + text + "' is not a duration: write it like 15m, 900s or 1h30m");
    }
    long seconds = 0;
    try {
      seconds = Math.addExact(seconds, m.group(1) == null ? 0 : Math.multiplyExact(Long.parseLong(m.group(1)), 3600));
      seconds = Math.addExact(seconds, m.group(2) == null ? 0 : Math.multiplyExact(Long.parseLong(m.group(2)), 60));
      seconds = Math.addExact(seconds, m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new UsageException(option + " '" + text + "' is too long: give hours, e.g. 2h");
    }
    if (seconds == 0) {
      throw new UsageException(option + " '" + text + "' leaves no time: give a positive duration, e.g. 15m");
    }
    return Duration.ofSeconds(seconds);
  }
}
