package io.virtpath.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.virtpath.analysis.stats.SequentialRule;
import io.virtpath.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * blocks.json format 1: a golden file, written by this version from a seeded simulated schedule,
 * reads back into the record type and is what this version writes, byte for byte. A later format
 * keeps a reader for this file (nothing lost across versions). Regenerate only on purpose:
 * {@code -Dvirtpath.golden.write=true}.
 */
class BlocksJsonFormatTest {
  private static final Path GOLDEN = Path.of("src/test/resources/blocks/blocks-v1.json");

  @Test
  void formatOneReadsBackAndIsWhatThisVersionWrites() throws Exception {
    String now = Json.toString(schedule()) + "\n";
    if (Boolean.getBoolean("virtpath.golden.write")) {
      Files.writeString(GOLDEN, now, StandardCharsets.UTF_8);
    }
    String golden = Files.readString(GOLDEN, StandardCharsets.UTF_8);
    BlocksJson read = Json.mapper().readValue(golden, BlocksJson.class);
    assertEquals(1, read.formatVersion());
    assertEquals(List.of("container", "host"), read.targets());
    assertEquals(2, read.passes().size());
    assertEquals("passes", read.stopped());
    assertEquals(golden, Json.toString(read) + "\n", "a read and rewritten golden file is unchanged");
    same(Json.mapper().readTree(golden), Json.mapper().readTree(now), "$");
  }

  /** The same fields and values; numbers to 1e-9 relative (a last-bit difference in exp or log is no format change). */
  private static void same(com.fasterxml.jackson.databind.JsonNode a, com.fasterxml.jackson.databind.JsonNode b,
      String at) {
    if (a.isNumber() && b.isNumber()) {
      double x = a.doubleValue();
      double y = b.doubleValue();
      org.junit.jupiter.api.Assertions.assertTrue(x == y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)),
          at + ": " + x + " vs " + y);
      return;
    }
    assertEquals(a.getNodeType(), b.getNodeType(), at);
    if (a.isObject()) {
      List<String> fa = new ArrayList<>();
      List<String> fb = new ArrayList<>();
      a.fieldNames().forEachRemaining(fa::add);
      b.fieldNames().forEachRemaining(fb::add);
      assertEquals(fa, fb, at);
      a.fieldNames().forEachRemaining(f -> same(a.get(f), b.get(f), at + "." + f));
    } else if (a.isArray()) {
      assertEquals(a.size(), b.size(), at);
      for (int i = 0; i < a.size(); i++) {
        same(a.get(i), b.get(i), at + "[" + i + "]");
      }
    } else {
      assertEquals(a, b, at);
    }
  }

  private static BlocksJson schedule() throws Exception {
    SimulatedTarget.Machine m = new SimulatedTarget.Machine(0.1, 1);
    List<TargetAgent> t = List.of(new SimulatedTarget("host", 1, 0.05, 2, m, 1),
        new SimulatedTarget("container", 1.02, 0.05, 2, m, 2));
    BlockPlan plan = new BlockPlan(List.of(new BlockPlan.Benchmark("io.virtpath.bench.syscall.SyscallBench.getpid",
        "avgt", false)), List.of(new Comparison("container", "host")), SequentialRule.defaults(), 42,
        Duration.ofMinutes(10), 2, Duration.ofMinutes(1));
    return new BlockScheduler(plan, new ArrayList<>(t), l -> {}, b -> {}, () -> m.nanos).run();
  }
}
