package io.virtpath.lab.proc;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Follows a log file that a child (a guest's serial console, a container's stdout) is writing and
 * hands the lines that match to a consumer: that is how the inner run's progress reaches the lab's
 * console without a second channel into the target.
 */
public final class LogTailer implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;

  private LogTailer(Path file, Pattern keep, Consumer<String> sink) {
    this.thread = Thread.ofPlatform().daemon().name("tail-" + file.getFileName()).start(() -> run(file, keep, sink));
  }

  public static LogTailer follow(Path file, Pattern keep, Consumer<String> sink) {
    return new LogTailer(file, keep, sink);
  }

  private void run(Path file, Pattern keep, Consumer<String> sink) {
    long pos = 0;
    StringBuilder partial = new StringBuilder();
    while (running) {
      try {
        if (Files.exists(file) && Files.size(file) > pos) {
          try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(pos);
            byte[] buf = new byte[(int) Math.min(1 << 20, raf.length() - pos)];
            int n = raf.read(buf);
            if (n > 0) {
              pos += n;
              partial.append(new String(buf, 0, n, StandardCharsets.UTF_8));
              int nl;
              while ((nl = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, nl).replace("\r", "");
                partial.delete(0, nl + 1);
                if (keep.matcher(line).find()) {
                  sink.accept(line);
                }
              }
            }
          }
        }
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        // the file may be rotated or not there yet: try again on the next tick
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
