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
  void theHeadlineSetIsTheHeadlineBenchmarksAndTheBaselinesAllOfWhichExist() {
    BenchmarkPlan all = BenchmarkPlan.of(List.of(Suite.SYSCALL, Suite.DISK, Suite.NETWORK));
    BenchmarkPlan headline = all.only(BenchmarkSet.HEADLINE);
    // every name in the set is a benchmark of this jar: a renamed method would silently drop out
    assertEquals(BenchmarkSet.headlineBenchmarks(), headline.items().stream().map(BenchmarkPlan.Item::name).sorted().toList());
    assertEquals(13, headline.size());
    // one mode each: the one the headline reads
    assertEquals(List.of("thrpt"), headline.items().stream().filter(i -> i.name().endsWith(".randRead4kQd1"))
        .findFirst().orElseThrow().modes());
    assertEquals(org.openjdk.jmh.annotations.Mode.Throughput, new JmhOptions(Profile.QUICK, List.of(), List.of())
        .forBenchmark("io.virtpath.bench.disk.DiskRandomBench.randRead4kQd1", "thrpt").getBenchModes().iterator().next());
    assertEquals(all.size(), all.only(BenchmarkSet.ALL).size());
    assertEquals(List.of("syscall.baseline", "syscall.clockGettimeVdso", "syscall.getpid"),
        BenchmarkPlan.of(List.of(Suite.SYSCALL)).only(BenchmarkSet.HEADLINE).items().stream()
            .map(BenchmarkPlan.Item::shortName).toList());
    assertEquals(BenchmarkSet.ALL, BenchmarkSet.parse(" All ", "--benchmarks"));
    String bad = assertThrows(UsageException.class, () -> BenchmarkSet.parse("fast", "--benchmarks")).getMessage();
    assertTrue(bad.contains("'fast' (--benchmarks)") && bad.contains("headline or all"), bad);
  }

  @Test
  void aSharedJvmRunsWithoutForksAndRefusesForkOptions() {
    JmhOptions shared = new JmhOptions(Profile.QUICK, List.of("-i", "4"), List.of("-Dvirtpath.peer=x:1"), true);
    Options opts = shared.forBenchmark("io.virtpath.bench.syscall.SyscallBench.getpid");
    assertEquals(0, opts.getForkCount().get());
    assertEquals(4, opts.getMeasurementIterations().get());
    assertEquals(true, shared.describe().get("sharedJvm"));
    assertTrue(shared.estimateSeconds(1, 1) < new JmhOptions(Profile.QUICK, List.of("-i", "4"), List.of()).estimateSeconds(1, 1));
    for (List<String> forkOption : List.of(List.of("-f", "3"), List.of("-jvmArgsAppend", "-Xmx1g"))) {
      String why = assertThrows(UsageException.class,
          () -> new JmhOptions(Profile.QUICK, forkOption, List.of(), true)).getMessage();
      assertTrue(why.contains(forkOption.get(0)) && why.contains("--fork-per-benchmark"), why);
    }
  }

  @Test
  void aSharedJvmGetsTheForksPropertiesAsItsOwn() {
    SuiteRunner.sharedJvmProperties(List.of("--enable-native-access=ALL-UNNAMED", "-Dvirtpath.test.shared=a=b", "-Dx"));
    try {
      assertEquals("a=b", System.getProperty("virtpath.test.shared"));
    } finally {
      System.clearProperty("virtpath.test.shared");
    }
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

  private static String refused(String... args) {
    return assertThrows(UsageException.class, () -> new JmhOptions(Profile.SMOKE, List.of(args), List.of())).getMessage();
  }

  @Test
  void optionsThatChangeWhatJmhDoesAreRefusedNamingTheAllowedOnes() {
    for (String opt : new String[] {"-h", "-l", "-lp", "-lprof", "-lrf", "-p", "-rf", "-rff", "-o", "-bm", "-t", "-tu"}) {
      String msg = refused(opt, "x");
      assertTrue(msg.startsWith("JMH option " + opt + " after '--' is not supported"), msg);
      assertTrue(msg.contains("Allowed: -f -i -wi -r -w"), msg);
    }
  }

  @Test
  void degenerateSettingsAreRefused() {
    assertTrue(refused("-r", "0").startsWith("-r 0"), refused("-r", "0"));
    assertTrue(refused("-i", "0").contains("should be positive"), refused("-i", "0")); // JMH's own parser
    assertTrue(refused("-f", "0").contains("use -f 1 or more"), refused("-f", "0"));
    assertTrue(refused("-w", "0").contains("-wi 0"), refused("-w", "0"));
    new JmhOptions(Profile.SMOKE, List.of("-wi", "0", "-w", "0"), List.of()); // no warm-up at all is a choice
  }

  @Test
  void anUnknownProfilerIsRefusedWithTheKnownOnes() {
    String msg = refused("-prof", "nosuchprof");
    assertTrue(msg.contains("'nosuchprof'") && msg.contains("gc"), msg);
    new JmhOptions(Profile.SMOKE, List.of("-prof", "gc"), List.of());
  }

  @Test
  void excludesShrinkThePlan() {
    BenchmarkPlan plan = BenchmarkPlan.of(List.of(Suite.SYSCALL));
    JmhOptions o = new JmhOptions(Profile.SMOKE, List.of("-e", "getpid"), List.of());
    BenchmarkPlan left = plan.excluding(o.excludes());
    assertEquals(plan.size() - 1, left.size());
    assertTrue(left.items().stream().noneMatch(i -> i.name().endsWith(".getpid")));
    assertEquals(0, plan.excluding(List.of(".")).size(), "-e . leaves nothing (the runner refuses that)");
    assertThrows(UsageException.class, () -> plan.excluding(List.of("(")));
  }
}
