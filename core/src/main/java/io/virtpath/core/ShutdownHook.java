package io.virtpath.core;

/**
 * A JVM shutdown hook for the length of a block: on Ctrl-C or SIGTERM inside the block the hook
 * runs (and seals a record as partial, stops what was started); leaving the block removes it. If
 * the JVM is already shutting down when the block ends, the hook is running and does the rest.
 */
public final class ShutdownHook implements AutoCloseable {
  private final Thread thread;

  private ShutdownHook(Thread thread) {
    this.thread = thread;
  }

  public static ShutdownHook install(String name, Runnable action) {
    Thread t = new Thread(action, name);
    Runtime.getRuntime().addShutdownHook(t);
    return new ShutdownHook(t);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(thread);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it finishes the job
    }
  }
}
