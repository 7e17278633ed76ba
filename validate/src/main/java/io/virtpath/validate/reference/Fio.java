package io.virtpath.validate.reference;

import io.virtpath.analysis.read.InputException;
import io.virtpath.analysis.read.fio.FioJob;
import io.virtpath.analysis.read.fio.FioReport;
import io.virtpath.analysis.read.fio.FioSide;
import io.virtpath.validate.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The disk suite's reference: fio on the very file the disk suite uses (same filesystem, same
 * size, same blocks, so the same caches beneath the guest), with O_DIRECT and the engine that
 * matches each benchmark: psync for the synchronous ones, libaio at iodepth 16 for QD16 (virtpath
 * drives the same native AIO interface). Random offsets are uniform like virtpath's (no random
 * map), and fio's ramp time is the profile's warm-up.
 */
public final class Fio {
  private final Path dataFile;
  private final long size;

  public Fio(Path dataFile, long size) {
    this.dataFile = dataFile;
    this.size = size;
  }

  public List<String> command(Pair pair, Timing t) {
    List<String> c = new ArrayList<>(List.of("fio", "--name=" + pair.id(), "--filename=" + dataFile,
        "--size=" + size, "--direct=1", "--time_based",
        "--ramp_time=" + Timing.millis(t.warmupSeconds()), "--runtime=" + Timing.millis(t.measureSeconds()),
        "--output-format=json"));
    switch (pair) {
      case RAND_READ_QD1 -> c.addAll(List.of("--rw=randread", "--bs=4k", "--ioengine=psync", "--iodepth=1",
          "--norandommap", "--randrepeat=0"));
      case RAND_READ_QD16 -> c.addAll(List.of("--rw=randread", "--bs=4k", "--ioengine=libaio", "--iodepth=16",
          "--norandommap", "--randrepeat=0"));
      case SEQ_READ_1M -> c.addAll(List.of("--rw=read", "--bs=1m", "--ioengine=psync", "--iodepth=1"));
      case SEQ_WRITE_1M -> c.addAll(List.of("--rw=write", "--bs=1m", "--ioengine=psync", "--iodepth=1"));
      default -> throw new IllegalArgumentException(pair + " is not a fio pair");
    }
    return c;
  }

  /** IOPS for the random pairs, MB/s (10^6 bytes) for the sequential ones, like the disk suite. */
  public double measure(Pair pair, Timing t, Path raw) throws IOException {
    String out = ToolRun.run(command(pair, t), ToolRun.timeoutFor(t), raw);
    return figure(pair, out, raw.getFileName().toString());
  }

  static double figure(Pair pair, String json, String source) throws ToolFailure {
    FioReport report;
    try {
      report = FioReport.parse(json, source);
    } catch (InputException e) {
      throw new ToolFailure("fio output unreadable: " + e.getMessage());
    }
    if (report.jobs().isEmpty()) {
      throw new ToolFailure("fio reported no job (" + source + ")");
    }
    FioJob job = report.jobs().get(0);
    FioSide side = pair == Pair.SEQ_WRITE_1M ? job.write() : job.read();
    if (side == null || !side.active()) {
      throw new ToolFailure("fio did no I/O in job " + job.name() + " (" + source + ")");
    }
    return switch (pair.figure) {
      case IOPS -> side.iops();
      case MB_PER_S -> side.bwBytesPerSec() / 1e6;
      default -> throw new IllegalArgumentException(pair.figure.name());
    };
  }
}
