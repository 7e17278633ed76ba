package io.virtpath.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The analysis module's committed JMH fixtures (real JMH output; see their README). */
public final class AnalysisFixtures {
  static final Path JMH = Path.of("..", "analysis", "src", "test", "resources", "jmh").toAbsolutePath().normalize();
  static final Path LAB = JMH.resolve("lab-demo");

  private AnalysisFixtures() {}

  static Path trend(int run) {
    return JMH.resolve("trend").resolve(String.format("run-%02d.json", run));
  }

  static Path mode(String name) {
    return JMH.resolve("modes").resolve(name + ".json");
  }

  /** Copies a fixture tree (a record) to {@code to}, for tests that change or add to it. */
  public static Path copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
    return to;
  }

  static void edit(Path file, String from, String to) throws IOException {
    String s = Files.readString(file);
    if (!s.contains(from)) {
      throw new AssertionError(file + " does not contain " + from);
    }
    Files.writeString(file, s.replace(from, to));
  }
}
