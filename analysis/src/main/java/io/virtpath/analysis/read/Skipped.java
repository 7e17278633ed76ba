package io.virtpath.analysis.read;

import java.nio.file.Path;

/** An input (or part of one) that was not used, and why: reports list these. */
public record Skipped(Path path, String problem) {
  public static Skipped of(InputException e) {
    return new Skipped(e.path(), e.problem());
  }

  @Override
  public String toString() {
    return path + ": " + problem;
  }
}
