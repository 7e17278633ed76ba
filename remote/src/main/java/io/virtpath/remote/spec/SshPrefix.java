package io.virtpath.remote.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** What an {@code exec:} prefix that starts with ssh means: its destination, and that it re-parses. */
final class SshPrefix {
  /** ssh(1)'s options that take an argument: the word after them is not the destination. */
  private static final Set<String> WITH_ARGUMENT = Set.of("-B", "-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J",
      "-L", "-l", "-m", "-O", "-o", "-P", "-p", "-Q", "-R", "-S", "-W", "-w");

  private SshPrefix() {}

  static boolean isSsh(List<String> prefix) {
    return !prefix.isEmpty() && Path.of(prefix.get(0)).getFileName().toString().equals("ssh");
  }

  /** The destination word ("root@pve1"), or null when the prefix is not ssh or has none. */
  static String destination(List<String> prefix) {
    if (!isSsh(prefix)) {
      return null;
    }
    for (int i = 1; i < prefix.size(); i++) {
      String w = prefix.get(i);
      if (w.equals("--")) {
        return i + 1 < prefix.size() ? prefix.get(i + 1) : null;
      }
      if (w.startsWith("-")) {
        if (argumentAt(w) == w.length()) {
          i++;
        }
        continue;
      }
      return w;
    }
    return null;
  }

  /**
   * Where the argument of the option word {@code w} starts, read as ssh's getopt reads it: -1 when
   * it takes none ({@code -v}, {@code -At}), the index in the word when it is attached ({@code
   * -p22}: 2, {@code -Ai/key}: 3), {@code w.length()} when it is the next word ({@code -p},
   * {@code -Ai}).
   */
  static int argumentAt(String w) {
    for (int j = 1; w.startsWith("-") && j < w.length(); j++) {
      if (WITH_ARGUMENT.contains("-" + w.charAt(j))) {
        return j + 1;
      }
    }
    return -1;
  }
}
