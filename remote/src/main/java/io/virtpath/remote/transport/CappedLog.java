package io.virtpath.remote.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A transport command's stdout or stderr copied into its log file, up to a cap: what a target prints
 * is its own to choose, and a target that prints without end must not fill the controller's disk,
 * nor its memory when the markers are read back from the log. Past the cap one line says so and the
 * rest is read and dropped (never left in the pipe, which would stall the target).
 */
public final class CappedLog {
  /** Far above any honest run's output (a quick run of every suite prints well under 1 MiB). */
  public static final long CAP = 16L << 20;

  private final Thread thread;
  private volatile boolean truncated;

  private CappedLog(InputStream in, Path file, long cap, String name) throws IOException {
    OutputStream out = Files.newOutputStream(file);
    thread = Thread.ofPlatform().daemon().name("log-" + name).start(() -> copy(in, out, cap, file));
  }

  static CappedLog start(InputStream in, Path file, String name) throws IOException {
    return new CappedLog(in, file, CAP, name);
  }

  /** Whether the command printed more than the cap. */
  boolean truncated() {
    return truncated;
  }

  /**
   * Waits until the copy has reached the end of the stream, so that the file holds everything the
   * command printed before it ended; gives up after {@code limit} (a descendant of the command may
   * hold the pipe open after it exited).
   */
  void await(Duration limit) throws InterruptedException {
    thread.join(limit);
  }

  private void copy(InputStream in, OutputStream out, long cap, Path file) {
    byte[] buf = new byte[1 << 16];
    long written = 0;
    try (in; out) {
      for (int n; (n = in.read(buf)) > 0; ) {
        if (written < cap) {
          int keep = (int) Math.min(n, cap - written);
          out.write(buf, 0, keep);
          out.flush(); // the console follows the file as the target prints
          written += keep;
          if (written >= cap) {
            truncated = true;
            out.write(("\n[virtpath: the output went on past " + (cap >> 20) + " MiB; the rest was dropped]\n")
                .getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
        }
      }
    } catch (IOException e) {
      // the process went, or its pipe was closed on purpose: what was copied stays
    }
  }
}
