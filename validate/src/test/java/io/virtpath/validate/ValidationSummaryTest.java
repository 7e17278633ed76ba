package io.virtpath.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationSummaryTest {
  static TargetValidation target(String label) {
    return new TargetValidation(TargetValidation.FORMAT_VERSION, label, "smoke", 2, 7, "none", "1 x 200 ms", "2 x 200 ms", List.of(), List.of(
        PairResult.of(Pair.GETPID, List.of(1, 2), List.of(110.0, 112.0), List.of(100.0, 104.0), List.of(), 0.95),
        PairResult.of(Pair.TCP_STREAM, List.of(), List.of(), List.of(), List.of("round 1, iperf3: refused"), 0.95)));
  }

  @Test
  void writesJsonAndChartAndReadsBack(@TempDir Path run) throws Exception {
    Files.createDirectories(run.resolve("host"));
    Json.write(run.resolve("host").resolve(ValidationRecord.FILE), target("host"));
    TargetValidation back = ValidationSummary.read(run, "host");
    assertEquals(target("host"), back);
    ValidationSummary.write(run, "r1", "smoke", List.of(new ValidationSummary.Target("host", null, back),
        new ValidationSummary.Target("virtio", "tcg", target("virtio"))));
    JsonNode j = Json.mapper().readTree(run.resolve("validation.json").toFile());
    assertEquals(1, j.get("formatVersion").asInt());
    assertEquals("tcg", j.get("targets").get(1).get("accelerator").asText());
    JsonNode getpid = j.get("targets").get(0).get("pairs").get(0);
    assertEquals("getpid", getpid.get("id").asText());
    assertEquals(List.of(110.0, 112.0), List.of(getpid.get("virtpath").get(0).asDouble(), getpid.get("virtpath").get(1).asDouble()));
    assertTrue(getpid.get("ratio").asDouble() > 1.07 && getpid.get("ratio").asDouble() < 1.09);
    assertTrue(j.get("targets").get(0).get("pairs").get(1).get("ratio").isNull());
    byte[] png = Files.readAllBytes(run.resolve("charts").resolve("validation.png"));
    assertEquals((byte) 0x89, png[0]);
    assertTrue(Files.readString(run.resolve("charts").resolve("validation.svg")).contains("<svg"));
    assertTrue(ValidationSummary.read(run, "absent") == null);
  }

  @Test
  void tableShowsEveryPairAndItsVerdict() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ValidationTable.print(new PrintStream(buf, true, StandardCharsets.UTF_8),
        List.of(new ValidationSummary.Target("host", null, target("host"))));
    String text = buf.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("getpid") && text.contains("≤ 1.10"), text);
    assertTrue(text.contains("no data (1 failed)"), text);
  }
}
