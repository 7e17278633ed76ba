package io.virtpath.runner.counters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a {@link Snapshot} from /proc and /sys under {@code root} ("/" except in tests): four small
 * files and one getrusage call. Latin-1: /proc/interrupts names drivers, and a name need not be
 * UTF-8.
 */
public final class ProcReader {
  private final Path root;
  private final String blockDevice;
  private long filesRead;

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
        ProcessSwitches.ofThisProcess(),
        blockDevice == null ? null : BlockStat.parse(text("sys/class/block/" + blockDevice + "/stat")));
  }

  /** Files read so far: what the profiler's overhead test counts. */
  long filesRead() {
    return filesRead;
  }

  private String text(String rel) {
    filesRead++;
    try {
      return Files.readString(root.resolve(rel), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root.resolve(rel), e);
    }
  }
}
