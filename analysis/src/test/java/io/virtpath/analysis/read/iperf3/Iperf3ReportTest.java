package io.virtpath.analysis.read.iperf3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtpath.analysis.read.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against real iperf3 3.12 outputs on 127.0.0.1 (src/test/resources/iperf3/README.md). */
class Iperf3ReportTest {
  static final Path IPERF3 = Path.of("src/test/resources/iperf3");

  static Iperf3Report parse(String name) throws Exception {
    Path p = IPERF3.resolve(name);
    return Iperf3Report.parse(Files.readString(p), p.toString());
  }

  @Test
  void tcpClientSending() throws Exception {
    Iperf3Report r = parse("tcp-forward.json");
    assertEquals("iperf 3.12", r.version());
    assertEquals("TCP", r.protocol());
    assertEquals(65536, r.blockSize());
    assertEquals(2.000153, r.durationSeconds());
    assertEquals(21399799075.370735, r.sentBitsPerSec());
    assertEquals(21397028372.155338, r.receivedBitsPerSec());
    assertEquals(List.of(20696600675.777653, 22103403027.819733), r.intervalBitsPerSec());
    assertEquals(1, r.retransmits());
    assertFalse(r.reverse());
    assertTrue(r.intervalsAtSender());
    assertEquals(1, r.streams());
    assertEquals(0, r.targetBitsPerSec());
    assertEquals(1795355842L, r.timestampSeconds());
  }

  @Test
  void reverseMeasuresIntervalsAtTheReceiver() throws Exception {
    Iperf3Report r = parse("tcp-reverse.json");
    assertTrue(r.reverse());
    assertFalse(r.intervalsAtSender());
    assertEquals(27165439411.211777, r.sentBitsPerSec());
    assertEquals(27164165166.5135, r.receivedBitsPerSec());
    assertEquals(List.of(25246488687.6005, 29081818540.3112), r.intervalBitsPerSec());
    assertEquals(21, r.retransmits());
    assertEquals(1795355845L, r.timestampSeconds());
  }

  @Test
  void udpHasATargetBitrateAndNoRetransmits() throws Exception {
    Iperf3Report r = parse("udp.json");
    assertEquals("UDP", r.protocol());
    assertEquals(1400, r.blockSize());
    assertEquals(100_000_000L, r.targetBitsPerSec());
    assertEquals(0, r.retransmits());
    assertEquals(99953852.83805047, r.sentBitsPerSec());
    assertEquals(99951704.0085673, r.receivedBitsPerSec());
    assertEquals(2, r.intervalBitsPerSec().size());
  }

  @Test
  void iperfsOwnErrorIsTheMessage() {
    InputException e = assertThrows(InputException.class, () -> parse("error-refused.json"));
    assertEquals("iperf3 reported an error: unable to connect to server: Connection refused", e.problem());
  }

  @Test
  void omittedIntervalsAreLeftOut() throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = (ObjectNode) m.readTree(IPERF3.resolve("tcp-forward.json").toFile());
    ((ObjectNode) root.get("intervals").get(0).get("sum")).put("omitted", true);
    Iperf3Report r = Iperf3Report.parse(m.writeValueAsString(root), "omit.json");
    assertEquals(List.of(22103403027.819733), r.intervalBitsPerSec(), "-O: warm-up, as in iperf3's own sums");
  }

  @Test
  void truncatedAndWrongFilesAreRefused() throws Exception {
    String all = Files.readString(IPERF3.resolve("tcp-forward.json"));
    InputException cut = assertThrows(InputException.class,
        () -> Iperf3Report.parse(all.substring(0, all.length() / 2), "cut.json"));
    assertTrue(cut.problem().startsWith("line ") && cut.problem().contains("not valid JSON"), cut.problem());
    InputException fio = assertThrows(InputException.class, () -> Iperf3Report.parse(
        Files.readString(Path.of("src/test/resources/fio/randread-psync.json")), "rr.json"));
    assertTrue(fio.problem().contains("not iperf3 JSON output") && fio.problem().contains("fio"), fio.problem());
    InputException noEnd = assertThrows(InputException.class,
        () -> Iperf3Report.parse("{\"start\": {\"test_start\": {\"protocol\": \"TCP\"}}, \"intervals\": [], \"end\": {}}",
            "noend.json"));
    assertTrue(noEnd.problem().contains("sum_sent"), noEnd.problem());
  }
}
