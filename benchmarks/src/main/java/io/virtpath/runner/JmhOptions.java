package io.virtpath.runner;

import io.virtpath.core.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Layers JMH options: the user's pass-through arguments win over the profile, which wins over the
 * benchmarks' annotations. The benchmark selection is always virtpath's (one method at a time).
 */
public final class JmhOptions {
  private final Profile profile;
  private final CommandLineOptions user;
  private final List<String> forkedJvmArgs;

  public JmhOptions(Profile profile, List<String> passThrough, List<String> forkedJvmArgs) {
    this.profile = profile;
    this.forkedJvmArgs = List.copyOf(forkedJvmArgs);
    try {
      this.user = new CommandLineOptions(passThrough.toArray(String[]::new));
    } catch (CommandLineOptionException e) {
      throw new UsageException(
          "bad JMH option after '--' " + passThrough + ": " + e.getMessage()
              + " (see 'java -jar virtpath.jar jmh -h' for JMH's options)");
    }
    if (!user.getIncludes().isEmpty()) {
      throw new UsageException(
          "benchmark patterns after '--' " + user.getIncludes()
              + " are not supported: choose what runs with --suites");
    }
  }

  /** Options that run exactly the benchmark method {@code benchmark} (all of its modes). */
  public Options forBenchmark(String benchmark) {
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .parent(user)
            .include("^" + java.util.regex.Pattern.quote(benchmark) + "$")
            .shouldFailOnError(true);
    if (!user.getForkCount().hasValue()) {
      b.forks(profile.forks());
    }
    if (!user.getWarmupIterations().hasValue()) {
      b.warmupIterations(profile.warmupIterations());
    }
    if (!user.getWarmupTime().hasValue()) {
      b.warmupTime(TimeValue.milliseconds(profile.warmupMillis()));
    }
    if (!user.getMeasurementIterations().hasValue()) {
      b.measurementIterations(profile.measurementIterations());
    }
    if (!user.getMeasurementTime().hasValue()) {
      b.measurementTime(TimeValue.milliseconds(profile.measurementMillis()));
    }
    List<String> append = new ArrayList<>(forkedJvmArgs);
    if (user.getJvmArgsAppend().hasValue()) {
      append.addAll(user.getJvmArgsAppend().get());
    }
    b.jvmArgsAppend(append.toArray(String[]::new));
    return b.build();
  }

  /** The resolved values, for the manifest (what shaped the numbers). */
  public Map<String, Object> describe() {
    Options o = forBenchmark("example");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("forks", o.getForkCount().orElse(-1));
    m.put("warmupIterations", o.getWarmupIterations().orElse(-1));
    m.put("warmupTime", o.getWarmupTime().orElse(null) == null ? null : o.getWarmupTime().get().toString());
    m.put("measurementIterations", o.getMeasurementIterations().orElse(-1));
    m.put("measurementTime", o.getMeasurementTime().orElse(null) == null ? null : o.getMeasurementTime().get().toString());
    m.put("forkedJvmArgsAppend", o.getJvmArgsAppend().orElse(List.of()));
    return m;
  }

  /** Seconds one method is expected to take (for the ETA before anything ran). */
  public double estimateSeconds(int modes, int threads) {
    Options o = forBenchmark("example");
    int forks = Math.max(1, o.getForkCount().orElse(profile.forks()));
    double perFork =
        o.getWarmupIterations().orElse(profile.warmupIterations())
                * seconds(o.getWarmupTime().orElse(TimeValue.milliseconds(profile.warmupMillis())))
            + o.getMeasurementIterations().orElse(profile.measurementIterations())
                * seconds(o.getMeasurementTime().orElse(TimeValue.milliseconds(profile.measurementMillis())));
    double forkStartup = 0.8 + 0.02 * threads; // JVM start + setup, measured on a 2-core host
    return modes * forks * (perFork + forkStartup);
  }

  private static double seconds(TimeValue t) {
    return t.convertTo(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000.0;
  }
}
