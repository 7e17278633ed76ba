package io.virtpath.analysis.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.read.BenchmarkKey;
import io.virtpath.analysis.read.Inputs;
import io.virtpath.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzerTest {
  @TempDir Path tmp;

  private static Analysis analyze(String baseline, Path... paths) {
    return new Analyzer(Settings.DEFAULTS).analyze(Inputs.load(List.of(paths)), baseline);
  }

  private static Row row(Analysis a, String method, String mode, String size, String target) {
    return a.rows().stream()
        .filter(r -> r.isPrimary() && r.benchmark().endsWith("." + method) && r.mode().equals(mode)
            && r.params().get("size").equals(size) && r.target().equals(target))
        .findFirst().orElseThrow();
  }

  @Test
  void labRecordAgainstHostIsDirectionAware() {
    Analysis a = analyze(null, Fixtures.LAB);
    assertEquals("host", a.baseline());
    Row hostSum = row(a, "sum", "avgt", "256", "host");
    Row c1Sum = row(a, "sum", "avgt", "256", "c1");
    assertNull(hostSum.ratio());
    assertTrue(hostSum.notes().contains("baseline"));
    // time per op: cost = target / baseline
    assertEquals(c1Sum.score() / hostSum.score(), c1Sum.ratio(), 1e-12);
    assertTrue(c1Sum.ratio() > 1.5, "C2 off makes the vectorised loop slower: " + c1Sum.ratio());
    // throughput: cost = baseline / target
    Row hostHash = row(a, "hash", "thrpt", "256", "host");
    Row c1Hash = row(a, "hash", "thrpt", "256", "c1");
    assertEquals(hostHash.score() / c1Hash.score(), c1Hash.ratio(), 1e-12);
    assertEquals("log-welch", c1Sum.ratioCiMethod());
    assertTrue(c1Sum.ratioCiLow() < c1Sum.ratio() && c1Sum.ratio() < c1Sum.ratioCiHigh());
    assertEquals(3, c1Sum.n());
    assertEquals("forks", c1Sum.replicate());
    long tested = a.rows().stream().filter(r -> r.ratioCiLevel() != null && r.isPrimary()).count();
    for (Row r : a.rows()) {
      if (r.pValue() != null && r.ratioCiLow() != null) {
        assertTrue(r.pAdjusted() >= r.pValue(), "adjusted p is never smaller");
        assertEquals(1 - 0.05 / tested, r.ratioCiLevel(), 1e-12, "Bonferroni over the report's tested comparisons");
        // one decision read two ways: the interval excludes 1 exactly when the adjusted p is below alpha
        assertEquals(r.pAdjusted() < 0.05, r.significant(), r.toString());
        assertEquals(r.ratioCiLow() > 1 || r.ratioCiHigh() < 1, r.significant(), r.toString());
      }
    }
  }

  @Test
  void singleTargetHasNoBaselineAndSaysSo() {
    Analysis a = analyze(null, Fixtures.LAB.resolve("host"));
    assertNull(a.baseline());
    assertTrue(a.baselineNote().startsWith("One target only ('host')"), a.baselineNote());
    assertTrue(a.rows().stream().allMatch(r -> r.ratio() == null && r.pValue() == null));
    assertTrue(a.rows().stream().allMatch(r -> r.score() != null));
  }

  @Test
  void baselineChoice() {
    Analysis first = analyze(null, Fixtures.trend(1), Fixtures.trend(12));
    assertEquals("run-01", first.baseline());
    assertTrue(first.baselineNote().contains("no target is named 'host'"), first.baselineNote());
    assertEquals("run-12", analyze("run-12", Fixtures.trend(1), Fixtures.trend(12)).baseline());
    UsageException e = assertThrows(UsageException.class, () -> analyze("vm", Fixtures.trend(1), Fixtures.trend(12)));
    assertEquals("--baseline vm: no such target in the inputs; targets: run-01, run-12", e.getMessage());
  }

  @Test
  void unitsAreConvertedWhenTheyAllowIt() throws Exception {
    // the same thrpt numbers written in ops/ms instead of ops/us (values x 1000): ratio stays 1
    Path base = Fixtures.mode("thrpt");
    Path other = tmp.resolve("in-ops-ms.json");
    var mapper = io.virtpath.core.Json.mapper();
    var tree = (com.fasterxml.jackson.databind.node.ArrayNode) mapper.readTree(base.toFile());
    var pm = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get(0).get("primaryMetric");
    pm.put("scoreUnit", "ops/ms");
    pm.put("score", pm.get("score").asDouble() * 1000);
    var raw = (com.fasterxml.jackson.databind.node.ArrayNode) pm.get("rawData").get(0);
    for (int i = 0; i < raw.size(); i++) {
      raw.set(i, mapper.getNodeFactory().numberNode(raw.get(i).asDouble() * 1000));
    }
    mapper.writeValue(other.toFile(), tree);
    Analysis a = analyze(null, base, other);
    Row converted = a.rows().stream().filter(r -> r.target().equals("in-ops-ms")).findFirst().orElseThrow();
    assertEquals("ops/us", converted.unit(), "expressed in the baseline's unit");
    assertEquals(1.0, converted.ratio(), 1e-9);
  }

  @Test
  void unitsThatDoNotConvertAreRefused() throws Exception {
    Path other = Files.copy(Fixtures.mode("thrpt"), tmp.resolve("bytes.json"));
    Fixtures.edit(other, "\"scoreUnit\" : \"ops/us\"", "\"scoreUnit\" : \"B/op\"");
    Analysis a = analyze(null, Fixtures.mode("thrpt"), other);
    Row refused = a.rows().stream().filter(r -> r.target().equals("bytes")).findFirst().orElseThrow();
    assertNull(refused.ratio());
    assertEquals("B/op", refused.unit());
    assertTrue(refused.notes().contains("unit B/op does not convert to the baseline's ops/us: not compared"),
        refused.notes().toString());
    assertEquals(1, a.notes().size());
    assertTrue(a.notes().get(0).contains("B/op") && a.notes().get(0).contains("ops/us"), a.notes().get(0));
  }

  @Test
  void fingerprintDifferencesAreListedWithTheResultsTheyMayExplain() throws Exception {
    Path lab = Fixtures.copyTree(Fixtures.LAB, tmp.resolve("lab"));
    Fixtures.edit(lab.resolve("c1/environment.json"), "\"kind\" : \"kvm\"", "\"kind\" : \"qemu-tcg\"");
    Fixtures.edit(lab.resolve("c1/environment.json"), "\"driver\" : \"virtio_blk\"", "\"driver\" : \"ata_piix\"");
    Analysis a = analyze(null, lab);
    assertEquals(List.of("c1"), a.tcgTargets());
    Row c1 = row(a, "sum", "avgt", "16", "c1");
    assertTrue(c1.notes().contains("fingerprint differs: virtualization.kind: kvm -> qemu-tcg"), c1.notes().toString());
    // not a virtpath benchmark: we cannot know which path it exercises, so every difference is listed
    assertTrue(c1.notes().contains("fingerprint differs: storage.driver: virtio_blk -> ata_piix"), c1.notes().toString());

    var diffs = FingerprintDiff.between(a.target("host").fingerprint(), a.target("c1").fingerprint());
    var syscall = BenchmarkKey.of("io.virtpath.bench.syscall.SyscallBench.getpid", "avgt", Map.of());
    var disk = BenchmarkKey.of("io.virtpath.bench.disk.DiskRandomBench.randRead4kQd1", "thrpt", Map.of());
    assertEquals(List.of("virtualization.kind"),
        FingerprintDiff.relevantTo(diffs, syscall).stream().map(FingerprintDiff.Difference::field).toList());
    assertEquals(List.of("virtualization.kind", "storage.driver"),
        FingerprintDiff.relevantTo(diffs, disk).stream().map(FingerprintDiff.Difference::field).toList());
  }

  @Test
  void secondaryMetricsAreDescribedNotTested() {
    Analysis a = analyze(null, Fixtures.mode("secondary-gc-aux"), Fixtures.mode("secondary-gc-aux"));
    Row norm = a.rows().stream().filter(r -> r.metric().equals("gc.alloc.rate.norm") && r.ratio() != null)
        .findFirst().orElseThrow();
    assertEquals("unknown", norm.direction());
    assertEquals(1.0, norm.ratio(), 1e-12);
    assertNull(norm.pValue());
    assertNotNull(norm.score());
  }
}
