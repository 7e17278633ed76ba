package io.virtpath.remote.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the words a user hands virtpath for reaching a target — an {@code exec:} prefix,
 * VIRTPATH_SSH_OPTIONS — look wherever virtpath writes or prints them: the record, the logs, the
 * console. A prefix such as {@code env KUBE_TOKEN=... kubectl exec -i pod --} carries a secret the
 * command needs, and the record must not. What runs is never changed; only what is shown.
 *
 * <p>One rule, word by word, each word shown as one word: {@code NAME=VALUE} (an environment
 * assignment, {@code --opt=value}) keeps {@code NAME=}; an option whose name says secret ({@code
 * --token}, {@code --password}, {@code --api-key} ...) hides the word after it; every value of an
 * ssh option the user passes is hidden ({@code -o Key=Value} keeps {@code Key=}), in
 * VIRTPATH_SSH_OPTIONS and in a prefix that is ssh; a word holding blanks (a command for another
 * shell, as ssh's remote command) is read the same way, blank-separated part by part. The ssh
 * options virtpath adds itself (BatchMode, StrictHostKeyChecking ...) are not the user's and are
 * shown as they are. A value is replaced, not shortened: nothing of it is left to guess from.
 */
public final class Redaction {
  /** What stands for a hidden value. */
  public static final String MASK = "***";
  private static final Pattern ASSIGNMENT = Pattern.compile("(-{0,2}[A-Za-z_][A-Za-z0-9_.-]*=)(.+)", Pattern.DOTALL);
  private static final Pattern SECRET_NAME =
      Pattern.compile("token|passw(or)?d|secret|key|auth|credential|cookie|bearer", Pattern.CASE_INSENSITIVE);
  /** ssh -o's argument: {@code Key=Value} or {@code Key Value} (ssh_config's two spellings). */
  private static final Pattern SSH_CONFIG_LINE = Pattern.compile("(\\s*[A-Za-z]+\\s*[=\\s]\\s*)(.*)", Pattern.DOTALL);
  private static final Pattern TOKEN = Pattern.compile("\\S+");

  private Redaction() {}

  /** An {@code exec:} prefix's words as they are shown. */
  public static List<String> prefix(List<String> words) {
    if (!SshPrefix.isSsh(words)) {
      return command(words);
    }
    List<String> out = new ArrayList<>(List.of(words.get(0)));
    int i = sshOptions(words, 1, out);
    if (i < words.size()) {
      out.add(words.get(i++)); // the destination
    }
    out.addAll(command(words.subList(i, words.size())));
    return out;
  }

  /** VIRTPATH_SSH_OPTIONS's words as they are shown. */
  public static List<String> sshOptions(List<String> words) {
    List<String> out = new ArrayList<>();
    int i = sshOptions(words, 0, out);
    out.addAll(command(words.subList(i, words.size())));
    return out;
  }

  /**
   * A command the user typed, as one text, for a message: read into words as a shell would, shown
   * by the rule; {@link #MASK} alone when it cannot be read (an unclosed quote), since then no
   * word's end is known.
   */
  public static String text(String commandText) {
    try {
      return Words.join(command(Words.split(commandText)));
    } catch (IllegalArgumentException e) {
      return MASK;
    }
  }

  /** Environment assignments and secret-named options. */
  private static List<String> command(List<String> words) {
    List<String> out = new ArrayList<>();
    boolean hideNext = false;
    for (String w : words) {
      if (hideNext && !w.equals("--")) {
        out.add(MASK);
        hideNext = false;
        continue;
      }
      Matcher a = ASSIGNMENT.matcher(w);
      if (a.matches()) {
        out.add(a.group(1) + MASK);
        hideNext = false;
      } else if (w.chars().anyMatch(Character::isWhitespace)) {
        out.add(parts(w));
        hideNext = false;
      } else {
        out.add(w);
        hideNext = w.startsWith("-") && SECRET_NAME.matcher(w).find();
      }
    }
    return out;
  }

  /** A word with blanks in it, its blank-separated parts read as words; the blanks kept. */
  private static String parts(String w) {
    List<String> tokens = new ArrayList<>();
    List<int[]> at = new ArrayList<>();
    Matcher m = TOKEN.matcher(w);
    while (m.find()) {
      tokens.add(m.group());
      at.add(new int[] {m.start(), m.end()});
    }
    List<String> shown = command(tokens);
    StringBuilder b = new StringBuilder();
    int last = 0;
    for (int k = 0; k < tokens.size(); k++) {
      b.append(w, last, at.get(k)[0]).append(shown.get(k));
      last = at.get(k)[1];
    }
    return b.append(w.substring(last)).toString();
  }

  /**
   * ssh's options from {@code from} on, each value hidden, into {@code out}; returns the index of
   * the first word that is not an option (after {@code --}, the one after it).
   */
  private static int sshOptions(List<String> words, int from, List<String> out) {
    int i = from;
    for (; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals("--")) {
        out.add(w);
        return i + 1;
      }
      int at = SshPrefix.argumentAt(w);
      if (!w.startsWith("-") || w.length() < 2) {
        return i;
      } else if (at < 0) {
        out.add(w);
      } else if (at < w.length()) {
        out.add(w.substring(0, at) + sshValue(w.charAt(at - 1), w.substring(at)));
      } else {
        out.add(w);
        if (i + 1 < words.size()) {
          out.add(sshValue(w.charAt(at - 1), words.get(++i)));
        }
      }
    }
    return i;
  }

  /** The value of ssh's option {@code -letter}: hidden; -o keeps its key, which names what was set. */
  private static String sshValue(char letter, String value) {
    Matcher m = SSH_CONFIG_LINE.matcher(value);
    return letter == 'o' && m.matches() && !m.group(2).isEmpty() ? m.group(1) + MASK : MASK;
  }
}
