package io.virtpath.remote.fetch;

/**
 * Text a target chose, made fit for a message: control characters escaped (a name holding a
 * newline or a terminal escape must not forge a line of the console or the record), cut at 200
 * characters.
 */
final class Shown {
  private static final int MAX = 200;

  private Shown() {}

  static String text(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(MAX).forEach(c -> {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\x%02x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return s.codePointCount(0, s.length()) > MAX ? b + "..." : b.toString();
  }
}
