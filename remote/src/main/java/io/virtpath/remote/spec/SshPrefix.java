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
        // "-p22" carries its argument, "-p 22" does not
        if (w.length() == 2 && WITH_ARGUMENT.contains(w)) {
          i++;
        }
        continue;
      }
      return w;
    }
    return null;
  }
}
