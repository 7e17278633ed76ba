package io.virtpath.cli;

import io.virtpath.agent.AgentWork;
import io.virtpath.core.agent.AgentProtocol;
import io.virtpath.core.record.RunStatus;
import io.virtpath.runner.BenchmarkSet;
import io.virtpath.runner.RunOptions;
import io.virtpath.runner.SuiteRunner;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Measures what a controller asks, one benchmark at a time, in one warm JVM: the lab's and remote's",
      "long-lived process in each target. Speaks virtpath's agent protocol (one JSON object per line, version "
          + AgentProtocol.VERSION + ")",
      "on stdin/stdout, or on --channel (a guest's serial port); progress goes to stderr. Takes the machine,",
      "writes its own run record like 'run' (RESULTS/<run-id>/<label>/), and ends when the controller says",
      "finish or its channel closes. It listens on nothing."
    })
final class AgentCommand implements Callable<Integer> {
  @Mixin SuiteSelection selection = new SuiteSelection();

  @Option(names = "--label", paramLabel = "NAME", description = "this target's record's name. Default: this host's name")
  String label;

  @Option(names = "--scratch", paramLabel = "DIR", description = "directory on the disk to measure (as in run)")
  Path scratch;

  @Option(names = "--peer", paramLabel = "HOST:PORT",
      description = "a running 'virtpath peer': needed for the network suite (one JVM: no in-process peer)")
  String peer;

  @Option(names = "--allow-buffered", description = "as in run")
  boolean allowBuffered;

  @Option(names = "--benchmarks", paramLabel = "SET", defaultValue = "headline",
      description = "the benchmarks a controller may ask for: headline or all. Default: ${DEFAULT-VALUE}")
  String benchmarks;

  @Option(names = "--channel", paramLabel = "DEVICE",
      description = "read requests from and write answers to this character device (e.g. a virtio-serial port) "
          + "instead of stdin/stdout")
  Path channel;

  @Option(names = "--no-counters", description = "leave out the kernel counters profiler (as in run)")
  boolean noCounters;

  @Mixin MachineOptions machine = new MachineOptions();

  @Override
  public Integer call() throws Exception {
    // stdout is the protocol's: whatever else prints (progress, JMH, a library) goes to stderr
    PrintStream console = System.err;
    OutputStream protocolOut;
    InputStream protocolIn;
    if (channel != null) {
      if (!Files.exists(channel)) {
        throw new io.virtpath.core.UsageException("--channel " + channel + " does not exist: give the serial port's "
            + "device (e.g. /dev/virtio-ports/virtpath.agent)");
      }
      // One open for both directions: a virtio-serial port admits one open at a time (a second
      // one gets EBUSY). Plain streams on its descriptor, no FileChannel, whose position lock
      // would let a blocked read hold up a write.
      RandomAccessFile device = new RandomAccessFile(channel.toFile(), "rw");
      protocolIn = new FileInputStream(device.getFD());
      protocolOut = new FileOutputStream(device.getFD());
    } else {
      protocolIn = System.in;
      protocolOut = new FileOutputStream(FileDescriptor.out);
      System.setOut(console);
    }
    RunOptions options = new RunOptions(selection.profile(), selection.suites(),
        label != null ? label : Hostname.label(), selection.results, scratch, peer, allowBuffered, selection.jmhArgs,
        machine.policy(), BenchmarkSet.parse(benchmarks, "--benchmarks"), true, !noCounters);
    try (protocolIn; protocolOut) {
      SuiteRunner.Outcome outcome = new SuiteRunner(console, Path.of("/")).run(options,
          new AgentWork(protocolIn, protocolOut));
      return outcome.status() == RunStatus.COMPLETE ? Main.OK : Main.FAILED;
    } catch (IOException e) {
      console.println("virtpath agent: " + e.getMessage());
      return Main.FAILED;
    }
  }
}
