package io.virtpath.remote.transport;

import java.util.List;

/**
 * A transport command twice: the words that run, and the words the logs show, in which the values
 * the user passed (an exec prefix's, VIRTPATH_SSH_OPTIONS's) are hidden by {@link
 * io.virtpath.remote.spec.Redaction}. Only {@link #argv} ever reaches a process.
 */
public record CommandLine(List<String> argv, List<String> shown) {
  public CommandLine {
    argv = List.copyOf(argv);
    shown = List.copyOf(shown);
  }

  /** The shown words: a record's default text would print the secrets. */
  @Override
  public String toString() {
    return String.join(" ", shown);
  }
}
