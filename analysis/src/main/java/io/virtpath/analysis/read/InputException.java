package io.virtpath.analysis.read;

import java.nio.file.Path;

/**
 * One input that cannot be used, with the file and the position in it. Callers skip the input,
 * say so, and go on with the others.
 */
public final class InputException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path path;
  private final String problem;

  public InputException(Path path, String problem) {
    super(path + ": " + problem);
    this.path = path;
    this.problem = problem;
  }

  public InputException(Path path, String problem, Throwable cause) {
    super(path + ": " + problem, cause);
    this.path = path;
    this.problem = problem;
  }

  public Path path() {
    return path;
  }

  /** What is wrong and where in the file, without the file name. */
  public String problem() {
    return problem;
  }
}
