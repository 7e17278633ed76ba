package io.virtpath.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;

class PlanAndOptionsTest {
  @Test
  void planListsEverySuiteFromTheGeneratedBenchmarkList() {
    BenchmarkPlan plan = BenchmarkPlan.of(List.of(Suite.SYSCALL, Suite.DISK, Suite.NETWORK));
    assertEquals(26, plan.size());
    assertEquals(Suite.SYSCALL, plan.items().get(0).suite());
    assertEquals(Suite.NETWORK, plan.items().get(plan.size() - 1).suite());
    BenchmarkPlan.Item qd16 = plan.items().stream()
        .filter(i -> i.name().endsWith(".randRead4kQd16")).findFirst().orElseThrow();
    assertEquals(1, qd16.threads()); // 16 requests in flight through native AIO, from one thread
    assertEquals("disk.randRead4kQd16", qd16.shortName());
    BenchmarkPlan.Item qd1 = plan.items().stream()
        .filter(i -> i.name().endsWith(".randRead4kQd1")).findFirst().orElseThrow();
    assertEquals(List.of("sample", "thrpt"), qd1.modes());
  }

  @Test
  void profileFillsWhatTheUserDidNotSay() {
    JmhOptions o = new JmhOptions(Profile.STANDARD, List.of("-f", "2", "-jvmArgsAppend", "-Xmx1g"), List.of("-Dvirtpath.peer=x:1"));
    Options opts = o.forBenchmark("io.virtpath.bench.syscall.SyscallBench.getpid");
    assertEquals(2, opts.getForkCount().get(), "user's -f wins");
    assertEquals(Profile.STANDARD.measurementIterations(), opts.getMeasurementIterations().get());
    assertEquals(TimeValue.milliseconds(Profile.STANDARD.warmupMillis()), opts.getWarmupTime().get());
    assertEquals(List.of("-Dvirtpath.peer=x:1", "-Xmx1g"), List.copyOf(opts.getJvmArgsAppend().get()));
    assertEquals(List.of("^\\Qio.virtpath.bench.syscall.SyscallBench.getpid\\E$"), opts.getIncludes());
    assertTrue(opts.shouldFailOnError().get());
  }

  @Test
  void badPassThroughIsAUsageError() {
    UsageException e = assertThrows(UsageException.class, () -> new JmhOptions(Profile.SMOKE, List.of("-f", "many"), List.of()));
    assertTrue(e.getMessage().contains("bad JMH option"), e.getMessage());
    UsageException inc = assertThrows(UsageException.class, () -> new JmhOptions(Profile.SMOKE, List.of("getpid"), List.of()));
    assertTrue(inc.getMessage().contains("--suites"), inc.getMessage());
  }

  @Test
  void estimateGrowsWithModesAndForks() {
    JmhOptions smoke = new JmhOptions(Profile.SMOKE, List.of(), List.of());
    JmhOptions standard = new JmhOptions(Profile.STANDARD, List.of(), List.of());
    assertTrue(smoke.estimateSeconds(2, 1) > smoke.estimateSeconds(1, 1));
    assertTrue(standard.estimateSeconds(1, 1) > 10 * smoke.estimateSeconds(1, 1) / 2);
  }
}
