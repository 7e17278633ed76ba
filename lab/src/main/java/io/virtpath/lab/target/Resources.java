package io.virtpath.lab.target;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the lab started and has not stopped yet, closed in reverse order exactly once: at the
 * end of its scope, or from the shutdown hook when the lab is interrupted.
 */
public final class Resources implements AutoCloseable {
  private final List<AutoCloseable> open = new ArrayList<>();
  private boolean closed;

  /** Registers {@code r}; if the lab is already shutting down, closes it at once. */
  public synchronized <T extends AutoCloseable> T add(T r) {
    if (closed) {
      closeQuietly(r);
      throw new IllegalStateException("the lab is shutting down");
    }
    open.add(r);
    return r;
  }

  /** Closes and forgets {@code r} (its scope ended normally). */
  public void release(AutoCloseable r) {
    synchronized (this) {
      if (!open.remove(r)) {
        return;
      }
    }
    closeQuietly(r);
  }

  @Override
  public void close() {
    List<AutoCloseable> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(open);
      open.clear();
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      closeQuietly(toClose.get(i));
    }
  }

  private static void closeQuietly(AutoCloseable r) {
    try {
      r.close();
    } catch (Exception e) {
      System.err.println("virtpath lab: cleanup of " + r + " failed: " + e.getMessage());
    }
  }
}
