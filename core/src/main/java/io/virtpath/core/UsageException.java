package io.virtpath.core;

/**
 * Bad input from the user: the message says what is wrong, where, and how to fix it. The command
 * layer prints the message (never a stack trace) and exits with status 2.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
