package io.virtpath.analysis.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.RemoteRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code virtpath remote} record reads as a lab record (rounds merged, the targets file's order),
 * and its remote.json adds each target's stated kind, transport and warnings.
 */
class RemoteRunTest {
  private static final String GETPID = "io.virtpath.bench.syscall.SyscallBench.getpid [avgt]";

  @TempDir Path tmp;

  private static List<String> labels(Loaded l) {
    return l.targets().stream().map(TargetData::label).toList();
  }

  private static BenchmarkResult result(TargetData t, String key) {
    return t.results().stream().filter(r -> r.key().toString().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void roundsAreMergedAndTargetsKeepTheTargetsFilesOrder() throws Exception {
    Path run = RemoteRecord.create(tmp.resolve("run"));
    Loaded l = Inputs.load(List.of(run));
    assertTrue(l.skipped().isEmpty(), l.skipped().toString());
    assertEquals("remote", l.runs().get(0).kind());
    // not alphabetical (alma9 first) and not round 1's order (alma9 ran first): options.targets
    assertEquals(List.of(RemoteRecord.HOST, RemoteRecord.GUEST), labels(l));
    Metric one = result(JmhJsonReader.read(run.resolve("pve1/jmh.json")), GETPID).primary();
    Metric merged = result(l.targets().get(0), GETPID).primary();
    assertEquals(2 * one.forks(), merged.forks());
    int[] rounds = new int[2 * one.forks()];
    java.util.Arrays.fill(rounds, one.forks(), rounds.length, 1);
    assertArrayEquals(rounds, merged.rounds());
  }

  private static BenchmarkResult result(List<BenchmarkResult> results, String key) {
    return results.stream().filter(r -> r.key().toString().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void warningsOfAllRoundsAreOnTheTargetOnceEachWithItsStatedKindAndTransport() throws Exception {
    Loaded l = Inputs.load(List.of(RemoteRecord.create(tmp.resolve("run"))));
    TargetData host = l.targets().get(0);
    TargetData guest = l.targets().get(1);
    assertEquals(new RemoteTarget("host", "local", List.of()), host.remote());
    assertEquals(List.of(RemoteRecord.IDE, RemoteRecord.E1000), guest.warnings(), "round 1's first, the repeat once");
    assertEquals("virtio", guest.remote().kind());
    assertEquals("stated virtio, via ssh", guest.remote().describe());
  }

  @Test
  void aRoundDirectoryNamedOnItsOwnCarriesThatRoundsWarnings() throws Exception {
    Path run = RemoteRecord.create(tmp.resolve("run"));
    assertEquals(List.of(RemoteRecord.IDE), Inputs.load(List.of(run.resolve("alma9"))).targets().get(0).warnings());
    TargetData r2 = Inputs.load(List.of(run.resolve("alma9.r2"))).targets().get(0);
    assertEquals(List.of(RemoteRecord.IDE, RemoteRecord.E1000), r2.warnings());
    assertEquals("virtio", r2.remote().kind());
  }

  @Test
  void withoutRemoteJsonTheRunIsReadWithoutWarningsAndTheFileIsListedAsSkipped() throws Exception {
    Path run = RemoteRecord.create(tmp.resolve("run"));
    Files.delete(run.resolve("remote.json"));
    Loaded l = Inputs.load(List.of(run));
    assertEquals(List.of(RemoteRecord.HOST, RemoteRecord.GUEST), labels(l));
    assertTrue(l.targets().stream().allMatch(t -> t.remote() == null && t.warnings().isEmpty()));
    assertEquals(1, l.skipped().size(), l.skipped().toString());
    assertEquals(run.resolve("remote.json"), l.skipped().get(0).path());
    assertTrue(l.skipped().get(0).problem().startsWith("missing"), l.skipped().get(0).problem());
    assertTrue(l.skipped().get(0).problem().endsWith("shown without their stated kinds and warnings"));
  }

  @Test
  void anUnreadableOrNewerRemoteJsonCostsOnlyTheWarnings() throws Exception {
    Path run = RemoteRecord.create(tmp.resolve("run"));
    String whole = Files.readString(run.resolve("remote.json"));
    Files.writeString(run.resolve("remote.json"), whole.substring(0, whole.length() / 2)); // cut off mid-write
    Loaded cut = Inputs.load(List.of(run));
    assertEquals(2, cut.targets().size());
    assertTrue(cut.targets().stream().allMatch(t -> t.warnings().isEmpty()));
    assertTrue(cut.skipped().get(0).problem().matches("unreadable: line \\d+, column \\d+: .*"),
        cut.skipped().get(0).problem());

    Files.writeString(run.resolve("remote.json"), whole.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
    Loaded newer = Inputs.load(List.of(run));
    assertTrue(newer.targets().stream().allMatch(t -> t.remote() == null));
    assertTrue(newer.skipped().get(0).problem().startsWith("formatVersion 2 is newer than this virtpath reads (1)"),
        newer.skipped().get(0).problem());
  }

  @Test
  void aTargetNameWithARoundLikeSuffixIsATargetOfItsOwn() throws Exception {
    // remote names may contain '.': "db.r2" is a name from the targets file, its round 2 is "db.r2.r2"
    Path run = RemoteRecord.create(tmp.resolve("run"), "db.r2", "web.r1");
    Loaded l = Inputs.load(List.of(run));
    assertTrue(l.skipped().isEmpty(), l.skipped().toString());
    assertEquals(List.of("db.r2", "web.r1"), labels(l));
    Metric one = result(JmhJsonReader.read(run.resolve("db.r2/jmh.json")), GETPID).primary();
    assertEquals(2 * one.forks(), result(l.targets().get(0), GETPID).primary().forks());
    assertEquals(List.of(RemoteRecord.IDE, RemoteRecord.E1000), l.targets().get(1).warnings());
  }

  @Test
  void aLabHasNoRemoteJsonAndNoneIsLookedFor() throws Exception {
    Loaded l = Inputs.load(List.of(Fixtures.LAB_TCG));
    assertTrue(l.targets().stream().allMatch(t -> t.remote() == null), "no stated kinds for a lab");
    assertTrue(l.skipped().isEmpty(), l.skipped().toString());
    assertNull(Inputs.load(List.of(Fixtures.LAB_TCG.resolve("host"))).targets().get(0).remote());
  }
}
