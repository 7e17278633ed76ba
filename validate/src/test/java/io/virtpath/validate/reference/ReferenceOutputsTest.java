package io.virtpath.validate.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.validate.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference tools' real outputs (src/test/resources/real, see its README) read into figures. */
class ReferenceOutputsTest {
  static String real(String name) throws IOException {
    try (InputStream in = ReferenceOutputsTest.class.getResourceAsStream("/real/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void fioRandomReadIsIops() throws IOException {
    // "iops" : 19279.... in the read section of the QD1 job
    assertEquals(19279, Fio.figure(Pair.RAND_READ_QD1, real("rand-read-qd1.fio.json"), "f"), 1);
    assertTrue(Fio.figure(Pair.RAND_READ_QD16, real("rand-read-qd16.fio.json"), "f") > 30_000);
  }

  @Test
  void fioSequentialWriteIsMegabytesPerSecondOfTheWriteSide() throws IOException {
    String json = real("seq-write-1m.fio.json");
    double mbs = Fio.figure(Pair.SEQ_WRITE_1M, json, "f");
    // bw_bytes of the write side, in 10^6 bytes per second
    double bwBytes = Double.parseDouble(json.replaceAll("(?s).*\"write\" : \\{.*?\"bw_bytes\" : (\\d+).*", "$1"));
    assertEquals(bwBytes / 1e6, mbs, 1e-6);
    // the read side of a write job did no I/O: asking for it is an error, not zero
    assertThrows(ToolFailure.class, () -> Fio.figure(Pair.SEQ_READ_1M, json, "f"));
  }

  @Test
  void fioGarbageIsAToolFailure() {
    ToolFailure e = assertThrows(ToolFailure.class, () -> Fio.figure(Pair.SEQ_READ_1M, "fio: no such file\n", "x.json"));
    assertTrue(e.getMessage().contains("fio output unreadable"), e.getMessage());
  }

  @Test
  void fioCommandUsesTheSharedFileAndTheMatchingEngine() {
    Fio fio = new Fio(Path.of("/s/virtpath-disk.dat"), 256L << 20);
    List<String> qd16 = fio.command(Pair.RAND_READ_QD16, new Timing(2, 3));
    assertTrue(qd16.containsAll(List.of("--filename=/s/virtpath-disk.dat", "--size=268435456", "--direct=1",
        "--ioengine=libaio", "--iodepth=16", "--rw=randread", "--bs=4k", "--ramp_time=2000ms", "--runtime=3000ms",
        "--norandommap")), qd16.toString());
    assertTrue(fio.command(Pair.SEQ_WRITE_1M, new Timing(0.2, 0.4)).containsAll(
        List.of("--rw=write", "--bs=1m", "--ioengine=psync", "--runtime=400ms")));
  }

  @Test
  void sockperfFullRoundTripMedian() throws IOException {
    SockperfOutput out = SockperfOutput.parse(real("tcp-rr-1k.sockperf.txt"));
    assertTrue(out.fullRoundTrip());
    assertTrue(out.observations() > 0);
    assertTrue(out.percentilesUs().containsKey("99.000"));
    String text = real("tcp-rr-1k.sockperf.txt");
    double p50 = Double.parseDouble(text.replaceAll("(?s).*percentile 50.000 =\\s*([0-9.]+).*", "$1"));
    assertEquals(p50, out.medianUs(), 1e-9);
  }

  @Test
  void sockperfHalfRoundTripsAreRecognised() throws IOException {
    assertFalse(SockperfOutput.parse(real("half-rtt.sockperf.txt")).fullRoundTrip());
  }

  @Test
  void sockperfConnectionRefusedIsAnErrorAlthoughItExitsZero() throws IOException {
    ToolFailure e = assertThrows(ToolFailure.class, () -> SockperfOutput.parse(real("refused.sockperf.txt")));
    assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
  }

  @Test
  void iperf3SenderThroughput() throws IOException {
    String json = real("tcp-stream.iperf3.json");
    double bits = Double.parseDouble(json.replaceAll("(?s).*\"sum_sent\":\\s*\\{.*?\"bits_per_second\":\\s*([0-9.e+]+).*", "$1"));
    assertEquals(bits / 8 / 1e6, Iperf3.figure(json, "f"), 1e-6);
  }

  @Test
  void iperf3ErrorFieldIsTheMessage() {
    ToolFailure e = assertThrows(ToolFailure.class, () -> Iperf3.figure(real("refused.iperf3.json"), "f"));
    assertTrue(e.getMessage().contains("unable to connect to server"), e.getMessage());
  }

  @Test
  void cLoopLine() throws IOException {
    assertEquals(Double.parseDouble(real("getpid.cloop.txt").replaceAll("(?s)ns_per_op=([0-9.]+).*", "$1")),
        CLoop.parse(real("getpid.cloop.txt")), 1e-9);
    assertThrows(ToolFailure.class, () -> CLoop.parse("Segmentation fault\n"));
  }
}
