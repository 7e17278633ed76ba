package io.virtpath.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.analysis.Fixtures;
import io.virtpath.analysis.result.Analysis;
import io.virtpath.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "why" lines, the counters tables and the host CPU charts: from the counters, only where they exist. */
class WhyTest {
  private static final double EPS = 1e-9;

  @TempDir Path tmp;

  private static HeadlineTable.Line line(HeadlineTable t, String path) {
    return t.rows().stream().filter(l -> l.path().equals(path)).findFirst().orElseThrow();
  }

  private static Why.Cell cell(HeadlineTable.Line l, String target) {
    return l.why().stream().filter(c -> c.target().equals(target)).findFirst().orElseThrow();
  }

  @Test
  void eachHeadlineRowSaysPerTargetWhatAnOperationCost() {
    HeadlineTable t = HeadlineTable.of(HeadlineTest.analyze(Fixtures.EXPLAIN_LAB));
    HeadlineTable.Line read = line(t, "4 KiB random read QD1");
    assertEquals(List.of("host", "emulated", "virtio"), read.why().stream().map(Why.Cell::target).toList());
    // medians of 3 rounds, see CountersReadTest
    Why.Cell emu = cell(read, "emulated");
    assertEquals("2.0 ata_piix interrupts and 38 µs of QEMU CPU per op (vCPU 30, main loop 6.0, workers 2.0, "
        + "other 0.1)", emu.text());
    assertEquals(Map.of("disk.ata_piix", 2.0, "other", 0.4), emu.interruptsPerOp());
    assertEquals(38.1, emu.hostCpuUsPerOp().get("total"), EPS);
    assertEquals(3, emu.rounds());
    assertEquals("1.0 virtio_blk interrupts and 9.0 µs of QEMU CPU per op (vCPU 7.0, main loop 1.5, iothreads 0.5)",
        cell(read, "virtio").text());
    assertEquals("1.0 nvme interrupts per op", cell(read, "host").text(), "no QEMU CPU for the host");

    HeadlineTable.Line tcp = line(t, "TCP round trip 1 B p50");
    assertEquals("no device interrupts (loopback)", cell(tcp, "host").text(), "read from the fingerprint's driver");
    assertEquals("2.6 e1000 interrupts and 63 µs of QEMU CPU per op (vCPU 52, main loop 11, other 0.1)",
        cell(tcp, "emulated").text());
    assertEquals(Map.of("nic.virtio_net", 1.1, "other", 0.3), cell(tcp, "virtio").interruptsPerOp());

    // syscall rows: the CPU split; 0.0001 context switches per op is not worth a word
    assertEquals("CPU 20 % user, 30 % system", cell(line(t, "getpid"), "host").text());
    assertTrue(line(t, "1 MiB sequential read").why().isEmpty(), "not measured: no why");
    assertEquals("median of 3 rounds", Why.rounds(read.why()));
  }

  @Test
  void theReportShowsTheWhyTheChartsAndTheCounters() throws Exception {
    Analysis a = HeadlineTest.analyze(Fixtures.EXPLAIN_LAB);
    ReportWriter.Written w = ReportWriter.write(a, tmp.resolve("r"));
    String html = Files.readString(w.html());
    assertTrue(html.contains("<h3>Why: what one operation costs</h3>"), "why section");
    assertTrue(html.contains("KVM exits: not available: TCG (QEMU emulates the CPU; there are no KVM exits)"),
        "the file's reason in the section header");
    assertFalse(html.contains("KVM exits</"), "no exits in the lines");
    assertTrue(html.contains("<strong>emulated</strong>: 2.0 ata_piix interrupts"), "a why line");
    assertTrue(html.contains("<h2 id=\"counters\">Counters</h2>"), "the counters tables");
    assertTrue(html.contains("<th colspan=\"4\">interrupts per op</th>"), "grouped rows, a column per target");
    assertTrue(html.contains("<th colspan=\"4\">host: QEMU CPU µs per op</th>"), html);
    assertFalse(html.contains("<td>irq.other/op</td>"), "the raw secondary rows are not listed again");
    List<String> charts = w.charts().stream().map(p -> p.getFileName().toString()).toList();
    assertTrue(charts.contains("host-cpu-4-KiB-random-read-QD1.png") && charts.contains(
        "host-cpu-TCP-round-trip-1-B-p50.svg"), charts.toString());
    assertFalse(charts.stream().anyMatch(c -> c.startsWith("host-cpu-getpid")), "disk and network rows only");

    JsonNode why = Json.mapper().readTree(w.json().toFile()).at("/headline/rows/2/why/1");
    assertEquals("emulated", why.path("target").asText());
    assertEquals(2.0, why.at("/interrupts_per_op/disk.ata_piix").asDouble(), EPS);
    assertEquals(30, why.at("/host_cpu_us_per_op/vcpu").asDouble(), EPS);
    assertEquals(3, why.path("rounds").asInt());

    String text = HeadlineText.of(a);
    assertTrue(text.contains("\nwhy (from the counters, median of 3 rounds; descriptive, not tested):\n"), text);
    assertTrue(text.contains("\n    virtio: 1.1 virtio_net interrupts and 16 µs of QEMU CPU per op"), text);
  }

  @Test
  void aRecordWithoutCountersLooksAsBefore() throws Exception {
    Analysis a = HeadlineTest.analyze(Fixtures.LAB_TCG);
    ReportWriter.Written w = ReportWriter.write(a, tmp.resolve("r"));
    String html = Files.readString(w.html());
    assertFalse(html.contains("Why: what"), "no why section");
    assertFalse(html.contains("id=\"counters\""), "no counters section");
    assertFalse(w.charts().stream().anyMatch(p -> p.getFileName().toString().startsWith("host-cpu")));
    assertFalse(Files.readString(w.json()).contains("\"why\""), "summary.json as before");
    assertFalse(HeadlineText.of(a).contains("why ("));
  }
}
