package io.virtpath.remote.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command prefix into words as a POSIX shell would, without expanding anything: blanks
 * separate words, single quotes keep everything, double quotes keep everything but {@code \"} and
 * {@code \\}, a backslash outside quotes keeps the next character. {@code exec:ssh root@pve1 pct
 * exec 101 --} and {@code exec:kubectl exec -i 'my pod' --} read as the user typed them.
 */
public final class Words {
  private Words() {}

  /** The words, or {@link IllegalArgumentException} naming what is unbalanced. */
  public static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("a single quote at position " + (i + 1) + " is not closed");
        }
        w.append(text, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < text.length() && text.charAt(j) != '"'; j++) {
          char d = text.charAt(j);
          if (d == '\\' && j + 1 < text.length() && (text.charAt(j + 1) == '"' || text.charAt(j + 1) == '\\')) {
            j++;
            d = text.charAt(j);
          }
          w.append(d);
        }
        if (j >= text.length()) {
          throw new IllegalArgumentException("a double quote at position " + (i + 1) + " is not closed");
        }
        i = j;
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= text.length()) {
          throw new IllegalArgumentException("a backslash ends the text");
        }
        w.append(text.charAt(++i));
        inWord = true;
      } else if (c == ' ' || c == '\t') {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words;
  }

  /** {@code s} as one word for a POSIX shell: single-quoted unless it is plainly safe. */
  public static String quote(String s) {
    if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=@%+,-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Every word quoted, joined by blanks: a command line a shell reads back into the same words. */
  public static String join(List<String> words) {
    return String.join(" ", words.stream().map(Words::quote).toList());
  }
}
