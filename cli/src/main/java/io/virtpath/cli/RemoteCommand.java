package io.virtpath.cli;

import io.virtpath.cli.bundle.BundleCache;
import io.virtpath.core.UsageException;
import io.virtpath.core.record.RunStatus;
import io.virtpath.lab.LabRunner;
import io.virtpath.remote.Bundle;
import io.virtpath.remote.BundleListing;
import io.virtpath.remote.RemoteOptions;
import io.virtpath.remote.RemoteRunner;
import io.virtpath.remote.spec.RemoteSpec;
import io.virtpath.remote.spec.RemoteSpecParser;
import io.virtpath.runner.BenchmarkSet;
import io.virtpath.runner.BuildInfo;
import io.virtpath.runner.Suite;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "remote",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the suites inside your own guests and containers -- over ssh, through any command that runs a",
      "program in them (pct exec, lxc-attach, podman exec, kubectl exec, ip netns exec), or here -- with a",
      "self-contained bundle (no JDK needed there), in interleaved rounds as the lab does. Writes",
      "RESULTS/<run-id>/ with one record per target and round plus remote.json, prints the headline (each",
      "target against the one of kind host) and writes report.html there; the last line printed is that directory."
    },
    footer = {"", "Targets: ssh://[user@]host[:port] (your ssh client and ~/.ssh/config, batch mode), exec:COMMAND PREFIX, local.",
        "Extra ssh options for one run: VIRTPATH_SSH_OPTIONS='-F FILE -i KEY -J JUMP'. JMH options after '--' go to every target."})
final class RemoteCommand implements Callable<Integer> {
  static final Duration DEFAULT_TARGET_TIMEOUT = Duration.ofHours(2);

  private final PrintStream out;

  RemoteCommand(PrintStream out) {
    this.out = out;
  }

  @Mixin SuiteSelection selection = new SuiteSelection();

  @Option(names = "--targets", paramLabel = "FILE",
      description = "the targets (YAML or JSON): name, uri, kind, scratch, peer, host each; see the README")
  Path targetsFile;

  @Option(names = "--target", paramLabel = "NAME=URI",
      description = "a target without a file (repeatable); its kind is NAME when NAME is host, container, emulated or "
          + "virtio")
  List<String> targetFlags = new ArrayList<>();

  @Option(names = "--scratch", paramLabel = "DIR",
      description = "directory in each target on the disk to measure (the file's scratch wins). Default: "
          + RemoteSpecParser.DEFAULT_SCRATCH)
  String scratch;

  @Option(names = "--peer", paramLabel = "ADDR:PORT", description = "where every target reaches the peer (a file's peer wins)")
  String peer;

  @Option(names = "--peer-listen", paramLabel = "ADDR:PORT",
      description = "start a peer on this machine listening there (targets without a peer use this address)")
  String peerListen;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
      description = "rounds, each in a new seeded order; the replicates the intervals rest on. Default: ${DEFAULT-VALUE}")
  int rounds;

  @Option(names = "--seed", paramLabel = "N", description = "seed of the target order (recorded). Default: random")
  Long seed;

  @Option(names = "--benchmarks", paramLabel = "SET", defaultValue = "headline",
      description = "headline (13 benchmarks) or all. Default: ${DEFAULT-VALUE}")
  String benchmarks;

  @Option(names = "--fork-per-benchmark",
      description = "a fresh JVM per benchmark in every target instead of one JVM per target and round")
  boolean forkPerBenchmark;

  @Option(names = "--parallel-hosts",
      description = "run targets on different hosts at the same time (never two targets of one host)")
  boolean parallelHosts;

  @Option(names = "--accept-new-host-keys",
      description = "learn the host key of an ssh target never seen before (StrictHostKeyChecking=accept-new); a "
          + "changed key is refused all the same")
  boolean acceptNewHostKeys;

  @Option(names = "--target-timeout", paramLabel = "DURATION",
      description = "stop a target run after this long, deploy and fetch included (e.g. 90m). Default: 2h")
  String targetTimeout;

  @Option(names = "--bundles", paramLabel = "DIR",
      description = "where the bundle is built and kept between runs. Default: RESULTS/bundles")
  Path bundles;

  @Override
  public Integer call() throws Exception {
    // Every check of bad input before the bundle is built or anything connects.
    List<Suite> suites = selection.suites();
    boolean network = suites.contains(Suite.NETWORK);
    if (targetsFile != null && !targetFlags.isEmpty()) {
      throw new UsageException("--targets FILE and --target NAME=URI are either-or: put every target in the file");
    }
    if (targetsFile == null && targetFlags.isEmpty()) {
      throw new UsageException("no targets: pass --targets FILE or --target NAME=URI (e.g. --target "
          + "vm101=ssh://root@10.0.0.101)");
    }
    RemoteSpecParser.Defaults d = new RemoteSpecParser.Defaults(scratch, peer, peerListen, network);
    RemoteSpec spec = targetsFile != null ? RemoteSpecParser.read(targetsFile, d) : RemoteSpecParser.ofFlags(targetFlags, d);
    Path jar = ThisJar.path("virtpath remote", "remote");
    RemoteOptions o = new RemoteOptions(selection.profile(), suites, selection.results, spec, rounds,
        seed != null ? seed : new java.security.SecureRandom().nextLong(), selection.jmhArgs,
        BenchmarkSet.parse(benchmarks, "--benchmarks"), !forkPerBenchmark, parallelHosts, acceptNewHostKeys,
        targetTimeout == null ? DEFAULT_TARGET_TIMEOUT : Durations.parse(targetTimeout, "--target-timeout"),
        LabSettings.java(), jar);
    Path bundleDir = (bundles != null ? bundles : selection.results.resolve("bundles")).toAbsolutePath().normalize();
    io.virtpath.lab.LabOptions.requireDirectoryPath(bundleDir, "--bundles");

    long t0 = System.nanoTime();
    BundleCache.Entry e = BundleCache.get(bundleDir, Path.of(System.getProperty("java.home")), jar, BuildInfo.version());
    out.printf(Locale.ROOT, "remote: %s the bundle in %.0f s: %s%n", e.built() ? "built" : "found", (System.nanoTime() - t0) / 1e9,
        e.tarball());
    // what every target checks its cached copy against, from the very bytes that are sent
    Bundle bundle = new Bundle(e.tarball(), e.sha256(), e.bytes(), e.topDir(), e.glibc(),
        BundleListing.treeSha256(e.tarball(), e.topDir()));
    LabSummary summary = new LabSummary(out);
    RemoteRunner.Outcome outcome = new RemoteRunner(out,
        r -> summary.print(new LabRunner.Outcome(r.runDir(), r.status()))).run(o, bundle);
    return outcome.status() == RunStatus.COMPLETE ? Main.OK : Main.FAILED;
  }
}
