package io.virtpath.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The committed JMH, fio and iperf3 fixtures (see the README.md next to them) and copies to edit. */
public final class Fixtures {
  /** Relative to the module directory, where Maven runs the tests: paths in outputs stay stable. */
  public static final Path JMH = Path.of("src/test/resources/jmh");
  public static final Path MODES = JMH.resolve("modes");
  public static final Path LAB = JMH.resolve("lab-demo");
  /**
   * A real `virtpath lab` record (smoke profile, TCG, interrupted): host complete with every suite,
   * emulated partial after 7 syscall benchmarks, container and virtio never ran.
   */
  public static final Path LAB_TCG = JMH.resolve("lab-tcg");
  /** A lab of 3 rounds of host, emulated and virtio with kernel and host counters (make-explain-lab.py). */
  public static final Path EXPLAIN_LAB = JMH.resolve("explain-lab");
  public static final Path TREND = JMH.resolve("trend");
  /** A real {@code virtpath run --profile smoke} record (one target, host): jmh.json with metrics.json. */
  public static final Path VIRTPATH_RUN = JMH.resolve("virtpath-run");
  public static final Path VIRTPATH_RUN_JMH = VIRTPATH_RUN.resolve("host/jmh.json");
  /** A lab sealed partial: host complete, c1 with a failed benchmark, vm failed without results. */
  public static final Path PARTIAL_LAB = JMH.resolve("incomplete/partial-lab");
  /** A run whose manifest still says running: killed after 2 of 3 benchmarks. */
  public static final Path KILLED_RUN = JMH.resolve("incomplete/killed-run");
  /** The benchmark that failed on c1 of {@link #PARTIAL_LAB} and never ran in {@link #KILLED_RUN}. */
  public static final String LOOKUP = "io.virtpath.analysis.demo.DemoBench.lookup";
  /** Real fio 3.33 and iperf3 3.12 outputs (see their README.md). */
  public static final Path FIO = Path.of("src/test/resources/fio");
  public static final Path IPERF3 = Path.of("src/test/resources/iperf3");

  private Fixtures() {}

  public static Path mode(String name) {
    return MODES.resolve(name + ".json");
  }

  public static Path trend(int run) {
    return TREND.resolve(String.format("run-%02d.json", run));
  }

  /** Copies a fixture directory tree into {@code to}. */
  public static Path copyTree(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces text in a file (fixtures are edited only as copies). */
  public static void edit(Path file, String from, String to) {
    try {
      String s = Files.readString(file);
      if (!s.contains(from)) {
        throw new AssertionError(file + " does not contain " + from);
      }
      Files.writeString(file, s.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
