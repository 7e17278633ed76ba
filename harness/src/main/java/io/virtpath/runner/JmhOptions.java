package io.virtpath.runner;

import io.virtpath.core.UsageException;
import io.virtpath.runner.counters.KernelCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.profile.ProfilerFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Layers JMH options: the user's pass-through arguments win over the profile, which wins over the
 * benchmarks' annotations. The benchmark selection is always virtpath's (one method at a time).
 *
 * <p>The pass-through options are checked here, before anything is created: only options that
 * change how JMH measures are accepted; the rest (listing, help, other benchmark modes or
 * parameters, result files of JMH's own) would make the record lie about what it holds.
 */
public final class JmhOptions {
  /** Options that shape how the benchmarks are measured; everything virtpath passes through. */
  static final List<String> ALLOWED =
      List.of("-f", "-i", "-wi", "-r", "-w", "-wf", "-to", "-e", "-prof", "-gc", "-si", "-foe", "-v",
          "-jvm", "-jvmArgs", "-jvmArgsAppend", "-jvmArgsPrepend");

  /** Every option JMH 1.37 knows; those not in {@link #ALLOWED} are refused by name. */
  private static final Set<String> KNOWN =
      Set.of("-bm", "-bs", "-e", "-f", "-foe", "-gc", "-h", "-i", "-jvm", "-jvmArgs", "-jvmArgsAppend",
          "-jvmArgsPrepend", "-l", "-lp", "-lprof", "-lrf", "-o", "-opi", "-p", "-prof", "-r", "-rf", "-rff",
          "-si", "-t", "-tg", "-tu", "-v", "-w", "-wbs", "-wf", "-wi", "-wm", "-wmb");

  static {
    // virtpath's machine lock serialises benchmarks (io.virtpath.core.MachineLock); JMH's own
    // lock, /tmp/jmh.lock, would fail every benchmark of a second run (--concurrent, or a lab
    // target next to a plain JMH user). Read once, when JMH's Runner class initialises.
    System.setProperty("jmh.ignoreLock", "true");
  }

  private final Profile profile;
  private final CommandLineOptions user;
  private final List<String> forkedJvmArgs;
  private final boolean sharedJvm;
  private final boolean counters;

  public JmhOptions(Profile profile, List<String> passThrough, List<String> forkedJvmArgs) {
    this(profile, passThrough, forkedJvmArgs, false);
  }

  public JmhOptions(Profile profile, List<String> passThrough, List<String> forkedJvmArgs, boolean sharedJvm) {
    this(profile, passThrough, forkedJvmArgs, sharedJvm, false);
  }

  /**
   * @param sharedJvm every benchmark runs in this JVM (JMH's {@code -f 0}); the caller has set the
   *     suites' system properties here instead of passing {@code forkedJvmArgs} to forks
   * @param counters every benchmark gets the kernel counters profiler ({@link KernelCounters}),
   *     whether or not the user asked for it with {@code -prof counters}
   */
  public JmhOptions(
      Profile profile, List<String> passThrough, List<String> forkedJvmArgs, boolean sharedJvm, boolean counters) {
    this.profile = profile;
    this.forkedJvmArgs = List.copyOf(forkedJvmArgs);
    this.sharedJvm = sharedJvm;
    this.counters = counters;
    refuseOptionsThatAreNotMeasurement(passThrough);
    try {
      this.user = new CommandLineOptions(withProfilerClassNames(passThrough).toArray(String[]::new));
    } catch (CommandLineOptionException e) {
      throw new UsageException(
          "bad JMH option after '--' " + passThrough + ": " + e.getMessage()
              + " (allowed: " + String.join(" ", ALLOWED) + ")");
    }
    if (!user.getIncludes().isEmpty()) {
      throw new UsageException(
          "benchmark patterns after '--' " + user.getIncludes()
              + " are not supported: choose what runs with --suites (and leave some out with -e REGEX)");
    }
    refuseDegenerateSettings();
    refuseUnknownProfilers();
    if (sharedJvm) {
      refuseForkOptions(passThrough);
    }
  }

  /**
   * JMH knows a profiler from a jar by its class name only; {@code -prof counters} is virtpath's
   * short name for {@link KernelCounters}.
   */
  static List<String> withProfilerClassNames(List<String> args) {
    List<String> out = new ArrayList<>(args);
    for (int i = 0; i + 1 < out.size(); i++) {
      String next = out.get(i + 1);
      if (out.get(i).equals("-prof") && (next.equals(KernelCounters.NAME) || next.startsWith(KernelCounters.NAME + ":"))) {
        out.set(i + 1, KernelCounters.class.getName() + next.substring(KernelCounters.NAME.length()));
      }
    }
    return out;
  }

  /** With one shared JVM there are no forks to count or to start with other JVM options. */
  private static void refuseForkOptions(List<String> args) {
    for (String a : List.of("-f", "-jvm", "-jvmArgs", "-jvmArgsAppend", "-jvmArgsPrepend")) {
      if (args.contains(a)) {
        throw new UsageException("JMH option " + a + " after '--' needs a JVM per benchmark, but this run shares one JVM "
            + "(the lab's default): drop " + a + ", or run the lab with --fork-per-benchmark");
      }
    }
  }

  /** The user's -e patterns (JMH's semantics: a benchmark is excluded if a pattern is found in its name). */
  public List<String> excludes() {
    return user.getExcludes();
  }

  private static void refuseOptionsThatAreNotMeasurement(List<String> args) {
    for (String a : args) {
      if (KNOWN.contains(a) && !ALLOWED.contains(a)) {
        throw new UsageException("JMH option " + a + " after '--' is not supported by virtpath run: it changes what "
            + "JMH does or writes, not how it measures, and the record would not say so. Allowed: "
            + String.join(" ", ALLOWED));
      }
    }
  }

  private void refuseDegenerateSettings() {
    if (user.getForkCount().hasValue() && user.getForkCount().get() < 1) {
      throw new UsageException("-f " + user.getForkCount().get() + " after '--' is not supported: without a fork "
          + "JMH runs inside virtpath's own JVM, without the forked JVM's settings (scratch file, peer); use -f 1 or more");
    }
    if (user.getMeasurementIterations().hasValue() && user.getMeasurementIterations().get() < 1) {
      throw new UsageException("-i " + user.getMeasurementIterations().get()
          + " after '--' measures nothing: use -i 1 or more");
    }
    if (user.getMeasurementTime().hasValue() && user.getMeasurementTime().get().getTime() <= 0) {
      throw new UsageException("-r " + shown(user.getMeasurementTime().get())
          + " after '--' gives single-shot numbers, not the profile's measurement: use a positive time, e.g. -r 1s");
    }
    boolean warms = !user.getWarmupIterations().hasValue() || user.getWarmupIterations().get() > 0;
    if (warms && user.getWarmupTime().hasValue() && user.getWarmupTime().get().getTime() <= 0) {
      throw new UsageException("-w " + shown(user.getWarmupTime().get())
          + " after '--' makes the warm-up iterations empty: use a positive time, or -wi 0 for no warm-up");
    }
    if (user.getTimeout().hasValue() && user.getTimeout().get().getTime() <= 0) {
      throw new UsageException("-to " + shown(user.getTimeout().get()) + " after '--' would time out every iteration: use a positive time");
    }
  }

  /** JMH prints a zero time as "single-shot"; the user typed 0. */
  private static String shown(TimeValue t) {
    return t.getTime() == 0 ? "0" : t.toString();
  }

  private void refuseUnknownProfilers() {
    for (ProfilerConfig p : user.getProfilers()) {
      try {
        ProfilerFactory.getProfilerOrException(p);
      } catch (ProfilerException e) {
        String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        throw new UsageException("JMH profiler '" + p.getKlass() + "' after '--' is not usable here"
            + (why.isEmpty() ? "" : " (" + why + ")") + "; profilers JMH supports on this machine: " + supportedProfilers());
      }
    }
  }

  /** The names JMH lists as supported ("gc", "stack", ...), from its own listing. */
  static String supportedProfilers() {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    ProfilerFactory.listProfilers(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
    List<String> names = new ArrayList<>();
    for (String line : buf.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList()) {
      if (line.startsWith("Unsupported")) {
        break;
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s+([\\w.]+): ").matcher(line);
      if (m.find()) {
        names.add(m.group(1).equals(KernelCounters.class.getName()) ? KernelCounters.NAME : m.group(1));
      }
    }
    return names.isEmpty() ? "(none found)" : String.join(", ", names);
  }

  /** Options that run exactly the benchmark method {@code benchmark} (all of its modes). */
  public Options forBenchmark(String benchmark) {
    return forBenchmark(benchmark, null);
  }

  /** Options that run {@code benchmark} in {@code onlyMode} (a short label: avgt, thrpt ...), or all its modes when null. */
  public Options forBenchmark(String benchmark, String onlyMode) {
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .parent(user)
            .include("^" + java.util.regex.Pattern.quote(benchmark) + "$")
            .shouldFailOnError(true);
    if (counters && user.getProfilers().stream().noneMatch(p -> p.getKlass().equals(KernelCounters.class.getName()))) {
      b.addProfiler(KernelCounters.class);
    }
    if (onlyMode != null) {
      b.mode(org.openjdk.jmh.annotations.Mode.deepValueOf(onlyMode));
    }
    if (sharedJvm) {
      b.forks(0);
    } else if (!user.getForkCount().hasValue()) {
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
    m.put("sharedJvm", sharedJvm);
    m.put("warmupIterations", o.getWarmupIterations().orElse(-1));
    m.put("warmupTime", o.getWarmupTime().orElse(null) == null ? null : o.getWarmupTime().get().toString());
    m.put("measurementIterations", o.getMeasurementIterations().orElse(-1));
    m.put("measurementTime", o.getMeasurementTime().orElse(null) == null ? null : o.getMeasurementTime().get().toString());
    m.put("forkedJvmArgsAppend", o.getJvmArgsAppend().orElse(List.of()));
    m.put("profilers", o.getProfilers().stream().map(p -> p.getKlass()).toList());
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
    // JVM start + setup, measured on a 2-core host; a shared JVM only sets up the benchmark's state
    double forkStartup = sharedJvm ? 0.1 : 0.8 + 0.02 * threads;
    return modes * forks * (perFork + forkStartup);
  }

  private static double seconds(TimeValue t) {
    return t.convertTo(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000.0;
  }
}
