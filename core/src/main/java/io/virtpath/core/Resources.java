package io.virtpath.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run or a lab started and has not stopped yet (peers, scratch files, containers,
 * guests, namespaces), closed in reverse order exactly once: at the end of its scope, or from the
 * shutdown hook when the run is interrupted.
 */
public final class Resources implements AutoCloseable {
  private final List<AutoCloseable> open = new ArrayList<>();
  private boolean closed;
  private boolean done;

  /** Registers {@code r}; if everything is already being closed, closes it at once and throws. */
  public synchronized <T extends AutoCloseable> T add(T r) {
    if (closed) {
      closeQuietly(r);
      throw new IllegalStateException("shutting down: " + r + " was closed at once");
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

  /**
   * Closes everything, last added first. A second caller (the main thread while the shutdown hook
   * closes, or the other way round) waits until the first has finished: whoever returns from here
   * may delete what the resources used (a container's bundle, a guest's disk image), so "closed"
   * must mean stopped and unmounted, not "someone else started closing".
   */
  @Override
  public void close() {
    List<AutoCloseable> toClose;
    synchronized (this) {
      if (closed) {
        boolean interrupted = false;
        while (!done) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true; // keep waiting: returning early is what this method exists to prevent
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      closed = true;
      toClose = new ArrayList<>(open);
      open.clear();
    }
    try {
      for (int i = toClose.size() - 1; i >= 0; i--) {
        closeQuietly(toClose.get(i));
      }
    } finally {
      synchronized (this) {
        done = true;
        notifyAll();
      }
    }
  }

  private static void closeQuietly(AutoCloseable r) {
    try {
      r.close();
    } catch (Exception e) {
      System.err.println("virtpath: cleanup of " + r + " failed: " + e.getMessage());
    }
  }
}
