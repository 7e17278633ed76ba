package io.virtpath.runner.counters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a {@link Snapshot} from /proc and /sys under {@code root} ("/" except in tests). One
 * reading is five small files plus one status file per thread of this JVM. Latin-1, because a
 * thread's name in its status file may hold any byte.
 */
public final class ProcReader {
  private final Path root;
  private final String blockDevice;

  /** @param blockDevice name under sys/class/block, or null to read no disk */
  public ProcReader(Path root, String blockDevice) {
    this.root = root;
    this.blockDevice = blockDevice;
  }

  public Snapshot read() {
    long now = System.nanoTime();
    return new Snapshot(
        now,
        Interrupts.parse(text("proc/interrupts")),
        Softirqs.parse(text("proc/softirqs")),
        CpuStat.parse(text("proc/stat")),
        tasks(),
        blockDevice == null ? null : BlockStat.parse(text("sys/class/block/" + blockDevice + "/stat")));
  }

  private TaskSwitches tasks() {
    TaskSwitches sum = TaskSwitches.NONE;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(root.resolve("proc/self/task"))) {
      for (Path t : tasks) {
        String status;
        try {
          status = Files.readString(t.resolve("status"), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
          continue; // the thread ended between the listing and the read
        }
        sum = sum.plus(TaskSwitches.parse(status));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root.resolve("proc/self/task"), e);
    }
    return sum;
  }

  private String text(String rel) {
    try {
      return Files.readString(root.resolve(rel), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root.resolve(rel), e);
    }
  }
}
