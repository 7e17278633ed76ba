package io.virtpath.analysis.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals trend.json's format: the trend of the twelve committed trend fixtures (one series, the
 * interpreted-mode change at run 7) must equal golden/trend.json byte for byte. A deliberate format
 * change regenerates it with {@code mvn -pl analysis test -Dtest=TrendGoldenTest
 * -Dvirtpath.updateGolden=true}, bumps TrendResult.FORMAT_VERSION if a reader could break, and
 * updates docs/results-format.md.
 */
class TrendGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/trend.json");

  @TempDir Path tmp;

  @Test
  void trendOfTheFixturesEqualsTheGoldenFile() throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      files.add(Fixtures.trend(i));
    }
    TrendResult t = new TrendAnalyzer(0.01, 0.05, 0.95).analyze(Inputs.load(files), Pattern.compile("sum"), null);
    TrendOutput.write(t, tmp);
    String actual = Files.readString(tmp.resolve("trend.json"));
    if (Boolean.getBoolean("virtpath.updateGolden")) {
      Files.writeString(GOLDEN, actual);
    }
    assertEquals(Files.readString(GOLDEN), actual);
    assertEquals(t, Json.read(tmp.resolve("trend.json"), TrendResult.class), "reads back equal");
  }
}
