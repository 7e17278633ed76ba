package io.virtpath.lab.target;

import java.util.regex.Pattern;

/** The inner run's progress and result lines, as {@code virtpath run} prints them. */
public final class Progress {
  /**
   * "[ 3/26] syscall.getpid ...", the per-result lines (validate's "virtpath ... ratio" too), the
   * status line and the TCG/peer notes, and a wait for the machine's lock (a remote target that
   * another run measures on).
   */
  public static final Pattern INNER_LINES =
      Pattern.compile("^\\s*(\\d+\\.\\d{3} )?\\s*(\\[\\s*\\d+/\\d+\\]|status:|(run|validate) \\d{8}-|preparing|FAILED"
          + "|(thrpt|avgt|sample|ss)\\s+\\S|virtpath .*: ratio |waiting for the machine|still waiting for the machine|got the machine)");

  /** A guest's console.log line without the host timestamp the console logger puts in front. */
  public static String withoutTimestamp(String line) {
    return line.replaceFirst("^\\s*\\d+\\.\\d{3} ", "");
  }

  private Progress() {}
}
