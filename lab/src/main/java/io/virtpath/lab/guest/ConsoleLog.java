package io.virtpath.lab.guest;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Follows QEMU's raw serial output (a file it writes) and keeps {@code console.log}: every line
 * prefixed with the host seconds since QEMU started, so a slow boot step is visible in the
 * record. Notes when the guest's {@code VIRTPATH-*} markers appear. Markers are matched anywhere
 * in a line: SeaBIOS leaves escape sequences before the first one.
 */
final class ConsoleLog implements AutoCloseable {
  private static final int TAIL = 12;
  /**
   * How long the follower sleeps when QEMU wrote nothing new. 5 ms, not more: the host snapshots
   * QEMU's threads when an iteration mark is read, so this is the bound on how late that snapshot
   * can be (a measured iteration lasts about a second); a read that finds nothing costs microseconds.
   */
  static final int POLL_MILLIS = 5;
  private static final String ITERATION_MARK = "VIRTPATH-ITER";
  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]|\u001b[^\\[]");

  private final Path raw;
  private final Path log;
  private final long startNanos;
  private final Consumer<String> phases;
  private final Thread thread;
  private final Map<String, Double> markerSeconds = new HashMap<>();
  private final Map<String, String> markerLines = new HashMap<>();
  private final Deque<String> tail = new ArrayDeque<>();
  private volatile boolean stopping;
  private volatile Consumer<String> iterationMarks = line -> {};
  private IOException error;

  ConsoleLog(Path raw, Path log, long startNanos, Consumer<String> phases) {
    this.raw = raw;
    this.log = log;
    this.startNanos = startNanos;
    this.phases = phases;
    this.thread = Thread.ofPlatform().daemon().name("console-" + log.getParent().getFileName())
        .start(this::follow);
  }

  private void follow() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      FileChannel ch = null;
      try {
        while (true) {
          boolean last = stopping; // read once more after the stop request: nothing gets lost
          if (ch == null && Files.exists(raw)) {
            ch = FileChannel.open(raw, StandardOpenOption.READ);
          }
          int n = ch == null ? 0 : ch.read(buf);
          if (n > 0) {
            buf.flip();
            while (buf.hasRemaining()) {
              byte b = buf.get();
              if (b == '\n') {
                emit(w, line);
              } else if (b != '\r') {
                line.write(b);
              }
            }
            buf.clear();
            w.flush();
            continue;
          }
          if (last) {
            break;
          }
          Thread.sleep(POLL_MILLIS);
        }
        if (line.size() > 0) {
          emit(w, line);
        }
      } finally {
        if (ch != null) {
          ch.close();
        }
      }
    } catch (IOException e) {
      synchronized (this) {
        error = e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void emit(BufferedWriter w, ByteArrayOutputStream bytes) throws IOException {
    double t = (System.nanoTime() - startNanos) / 1e9;
    // Terminal control sequences (SeaBIOS clears the screen) only garble the log; qemu.out keeps
    // the raw bytes.
    String text = ANSI.matcher(bytes.toString(StandardCharsets.UTF_8)).replaceAll("");
    bytes.reset();
    if (text.contains(ITERATION_MARK)) {
      try {
        iterationMarks.accept(text); // first: the host's snapshot belongs to this very moment
      } catch (RuntimeException e) {
        // the console log matters more than one iteration's host counters
      }
    }
    // Locale.ROOT: the lab reads this prefix back (target.Progress); a comma-decimal locale
    // (de_DE) would write "12,345" and hide every progress line.
    w.write(String.format(Locale.ROOT, "%8.3f %s%n", t, text));
    int at = text.indexOf("VIRTPATH-");
    String marker = null;
    if (at >= 0) {
      int end = at;
      while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '-')) {
        end++;
      }
      marker = text.substring(at, end);
    }
    synchronized (this) {
      tail.addLast(text.replaceAll("\\p{Cntrl}", "").strip());
      if (tail.size() > TAIL) {
        tail.removeFirst();
      }
      if (marker != null && !markerSeconds.containsKey(marker)) {
        markerSeconds.put(marker, t);
        markerLines.put(marker, text.substring(at));
      }
    }
    if (marker != null) {
      switch (marker) {
        case "VIRTPATH-INIT-START" -> phases.accept("guest up");
        case "VIRTPATH-JOB-START" -> phases.accept("running");
        case "VIRTPATH-GUEST-FAIL" -> phases.accept("failed: " + text.substring(at));
        case "VIRTPATH-GUEST-DONE" -> phases.accept("powering off");
        default -> {}
      }
    }
  }

  /**
   * Hears every line with a {@code VIRTPATH-ITER} mark, on the follower thread, the moment the
   * line is read (before it is logged). It must not throw and should return quickly.
   */
  void onIterationMark(Consumer<String> listener) {
    iterationMarks = listener;
  }

  /** Host seconds since QEMU started at which {@code marker} first appeared, or -1. */
  synchronized double seconds(String marker) {
    return markerSeconds.getOrDefault(marker, -1.0);
  }

  /** The first line (from the marker on) that carried {@code marker}, or null. */
  synchronized String line(String marker) {
    return markerLines.get(marker);
  }

  /** The last non-empty console lines, joined for a one-line failure message. */
  synchronized String lastLines(int n) {
    List<String> l = new ArrayList<>(tail).stream().filter(s -> !s.isEmpty()).toList();
    return l.isEmpty() ? "(none)" : String.join(" | ", l.subList(Math.max(0, l.size() - n), l.size()));
  }

  Path file() {
    return log;
  }

  /** Reads what is left and stops following; the log is complete afterwards. */
  @Override
  public void close() throws IOException {
    stopping = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (error != null) {
        throw error;
      }
    }
  }
}
