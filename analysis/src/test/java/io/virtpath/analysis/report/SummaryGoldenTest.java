package io.virtpath.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.analysis.result.Analyzer;
import io.virtpath.analysis.result.Settings;
import io.virtpath.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seals summary.json's format (the way JMH's ResultFormatTest seals its JSON): the lab fixture's
 * summary must equal the golden file byte for byte. A deliberate format change regenerates it with
 * {@code mvn -pl analysis test -Dtest=SummaryGoldenTest -Dvirtpath.updateGolden=true}, bumps
 * Summary.FORMAT_VERSION if a reader could break, and updates docs/results-format.md.
 */
class SummaryGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/summary.json");

  @Test
  void summaryOfTheLabFixtureEqualsTheGoldenFile() throws Exception {
    Analysis a = new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(Fixtures.LAB)), null);
    String actual = Json.toString(Summary.of(a)) + "\n";
    if (Boolean.getBoolean("virtpath.updateGolden")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, actual);
    }
    assertEquals(Files.readString(GOLDEN), actual);
  }

  /** The headline of a real lab record (measured, not run and not measured cells), sealed the same way. */
  @Test
  void headlineOfTheRealLabRecordEqualsTheGoldenFile() throws Exception {
    Path golden = Path.of("src/test/resources/golden/headline-lab-tcg.json");
    Analysis a = new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(Fixtures.LAB_TCG)), null);
    String actual = Json.toString(HeadlineTable.of(a)) + "\n";
    if (Boolean.getBoolean("virtpath.updateGolden")) {
      Files.writeString(golden, actual);
    }
    assertEquals(Files.readString(golden), actual);
  }

  @Test
  void csvHasTheSameRowsAndColumnsAsTheJson() throws Exception {
    Analysis a = new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(Fixtures.LAB)), null);
    List<String> lines = SummaryCsv.of(a.rows()).lines().toList();
    assertEquals(a.rows().size() + 1, lines.size());
    assertEquals(String.join(",", SummaryCsv.HEADER), lines.get(0));
    var json = Json.mapper().readTree(Json.toString(Summary.of(a))).get("results").get(0);
    List<String> jsonFields = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(jsonFields::add);
    assertEquals(jsonFields, SummaryCsv.HEADER, "CSV columns are summary.json's result fields, in order");
    assertEquals("\"a,b\"\"c\"", SummaryCsv.quote("a,b\"c"));
  }
}
