package io.virtpath.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.core.UsageException;
import io.virtpath.runner.counters.KernelCounters;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.ProfilerConfig;

/** The kernel counters profiler in JMH's options: by its short name, and on by default for run. */
class CountersOptionsTest {
  private static final String CLASS = KernelCounters.class.getName();

  private static List<String> profilers(JmhOptions o) {
    Options built = o.forBenchmark("io.virtpath.bench.syscall.GetpidBench.getpid");
    return built.getProfilers().stream().map(ProfilerConfig::getKlass).toList();
  }

  @Test
  void theShortNameIsAccepted() {
    assertEquals(List.of("-f", "1", "-prof", CLASS, "-prof", CLASS + ":x=1", "-prof", "gc"),
        JmhOptions.withProfilerClassNames(List.of("-f", "1", "-prof", "counters", "-prof", "counters:x=1", "-prof", "gc")));
    assertEquals(List.of(CLASS), profilers(new JmhOptions(Profile.SMOKE, List.of("-prof", "counters"), List.of())));
  }

  @Test
  void onByDefaultOnceEvenWhenAlsoAskedFor() {
    assertEquals(List.of(CLASS), profilers(new JmhOptions(Profile.SMOKE, List.of(), List.of(), false, true)));
    assertEquals(List.of(CLASS),
        profilers(new JmhOptions(Profile.SMOKE, List.of("-prof", "counters"), List.of(), false, true)));
    assertEquals(List.of(CLASS, "gc"), profilers(new JmhOptions(Profile.SMOKE, List.of("-prof", "gc"), List.of(), false, true)));
    assertEquals(List.of(), profilers(new JmhOptions(Profile.SMOKE, List.of(), List.of())));
  }

  @Test
  void listedByItsShortName() {
    String msg = assertThrows(UsageException.class,
        () -> new JmhOptions(Profile.SMOKE, List.of("-prof", "nosuchprof"), List.of())).getMessage();
    assertTrue(msg.contains("counters") && !msg.contains(CLASS), msg);
  }
}
