package io.virtpath.analysis.compare;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.BenchmarkResult;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.read.Loaded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real repeated JMH runs under src/test/resources/jmh/real (see the README.md there): the same
 * configuration run again and again, one fork or three forks per run, with and without -Xint.
 */
final class RealRepeats {
  static final Path REAL = Fixtures.JMH.resolve("real");
  static final String ONE_FORK = "one-fork";
  static final String THREE_FORKS = "three-forks";
  static final String XINT_ONE_FORK = "xint-one-fork";
  static final String XINT_THREE_FORKS = "xint-three-forks";

  private RealRepeats() {}

  /** A set's runs in run order (run-1.json, run-2.json ...). */
  static List<Path> runs(String set) {
    try (Stream<Path> s = Files.list(REAL.resolve(set))) {
      List<Path> runs = s.filter(p -> p.getFileName().toString().matches("run-\\d+\\.json"))
          .sorted(Comparator.comparingInt(RealRepeats::number)).toList();
      if (runs.size() < 2) {
        throw new AssertionError(REAL.resolve(set) + ": fewer than two runs; regenerate with "
            + "analysis/src/test/jmh-demo/make-real-repeats.sh");
      }
      return runs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Loaded load(Path run) {
    return Inputs.load(List.of(run));
  }

  /** Per benchmark (Class.method [mode]), the fork means of one run, in the benchmark's own unit. */
  static Map<String, double[]> forkMeans(Path run) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (BenchmarkResult r : load(run).targets().get(0).results()) {
      out.put(name(r), r.primary().forkMeans());
    }
    return out;
  }

  /** {@code Class.method [mode]}: params are left out, every fixture benchmark has at most one value. */
  static String name(BenchmarkResult r) {
    return r.key().shortName() + " [" + r.key().mode() + "]";
  }

  private static int number(Path p) {
    String n = p.getFileName().toString();
    return Integer.parseInt(n.substring("run-".length(), n.length() - ".json".length()));
  }
}
