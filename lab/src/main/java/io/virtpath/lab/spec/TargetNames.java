package io.virtpath.lab.spec;

import java.util.List;

/**
 * What a target may be called. A target's name becomes its record directory inside the lab's run
 * directory (and, with rounds, {@code NAME.rN}), a network namespace and a guest hostname.
 */
public final class TargetNames {
  /** Lower case, digits and '-': safe as a directory, a namespace and a hostname word. */
  public static final String PATTERN = "[a-z0-9][a-z0-9-]{0,19}";

  /**
   * What the lab, {@code validate} and {@code report} write beside the targets in a run directory.
   * Most cannot match {@link #PATTERN} today (they hold a '.'); they are listed anyway so that the
   * list stays right if the pattern grows. The '.' kept out of names also keeps a round's
   * {@code NAME.rN} from ever equalling another target's name.
   */
  static final List<String> RESERVED = List.of("lab-logs", ".work", "charts", "manifest.json", "lab.json",
      "validation.json", "remote.json", "report.html", "summary.json", "summary.csv", "trend.json");

  private TargetNames() {}

  /** Null when {@code name} is allowed, else what is wrong and how to fix it. */
  public static String problem(String name) {
    if (!name.matches(PATTERN)) {
      return "'" + name + "' is not allowed; use 1-20 lower-case letters, digits or '-' (it names a directory and a namespace)";
    }
    if (RESERVED.contains(name)) {
      return "'" + name + "' is reserved: the lab's run directory has its own '" + name
          + "'; reserved are " + String.join(", ", RESERVED);
    }
    return null;
  }
}
